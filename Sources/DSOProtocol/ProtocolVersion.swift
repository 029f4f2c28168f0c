/// Versions of the change-set protocol.
public enum ProtocolVersion {
    /// The version of the `/v1` endpoints (hello, push, pull), which every later version keeps.
    public static let current = 1
    /// The version of the snapshot file endpoint (``SnapshotFile``), the only one version 2 adds.
    public static let snapshotFile = 2
    /// Versions a server built from this package serves.
    public static let supported = [1, 2]
    /// Request header that carries the version on every call.
    public static let header = "DSO-Protocol-Version"

    /// The version a header value names: exactly the decimal digits of a version (`1`), with no
    /// sign, no leading zero and no white space; `nil` for anything else.
    public static func parse(_ value: String) -> Int? {
        guard let first = value.first, first != "0", value.count <= 9,
              value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(value)
    }
}

/// This build of DSO Sync.
public enum Release {
    /// The product version, in `--version` and in `Hello.server` (`dso-server/<version>`).
    public static let version = "0.6.0"
}

/// Limits a server announces in ``Hello`` and enforces.
public struct Limits: Codable, Hashable, Sendable {
    /// Most changes in one push.
    public var maxChangesPerPush: Int
    /// Largest `limit` a pull may ask for.
    public var maxPageSize: Int
    /// Largest request body, in bytes.
    public var maxBodyBytes: Int
    /// Longest long-poll `wait`, in seconds.
    public var maxWaitSeconds: Int

    public init(maxChangesPerPush: Int = 500, maxPageSize: Int = 1000, maxBodyBytes: Int = 4 << 20, maxWaitSeconds: Int = 60) {
        self.maxChangesPerPush = maxChangesPerPush
        self.maxPageSize = maxPageSize
        self.maxBodyBytes = maxBodyBytes
        self.maxWaitSeconds = maxWaitSeconds
    }
}
