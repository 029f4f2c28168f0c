/// Versions of the change-set protocol.
public enum ProtocolVersion {
    /// The version this build speaks.
    public static let current = 1
    /// Versions a server built from this package serves.
    public static let supported = [1]
    /// Request header that carries the version on every call.
    public static let header = "DSO-Protocol-Version"
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
