import Foundation

/// An append-only fact written on a node: a qualification, an action event, a contact edit.
/// Facts are ordered the same way everywhere: by HLC, then by the writer's replica id, then by
/// their own id (upper-case UUID strings, which is byte order).
public protocol JournalFact {
    var id: UUID { get }
    var replicaID: UUID { get }
    var hlc: HLC { get }
}

extension JournalFact {
    /// Whether `self` comes before `other` in the order every node agrees on.
    public func precedes(_ other: Self) -> Bool {
        if hlc != other.hlc { return hlc < other.hlc }
        if replicaID != other.replicaID { return replicaID.uuidString < other.replicaID.uuidString }
        return id.uuidString < other.id.uuidString
    }
}
