import Foundation

/// Answer to `GET /v1/changes?after=CURSOR&limit=N[&wait=S]`.
public struct PullResponse: Codable, Hashable, Sendable {
    public var serverTime: Date
    /// Changes in the caller's scope, in order. During a new replica's first pull these are its
    /// scope's current rows (`snapshot` is true), then the log.
    public var changes: [ServerChange]
    /// Opaque cursor to pass as `after` next time. Save it in the same transaction as the page.
    public var next: String
    /// Whether more changes are waiting now.
    public var more: Bool
    /// Whether this page is part of the initial snapshot.
    public var snapshot: Bool

    public init(serverTime: Date, changes: [ServerChange], next: String, more: Bool, snapshot: Bool) {
        self.serverTime = serverTime
        self.changes = changes
        self.next = next
        self.more = more
        self.snapshot = snapshot
    }
}
