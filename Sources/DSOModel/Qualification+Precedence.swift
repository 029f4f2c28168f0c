import Foundation

/// The total order that decides an item's current status on every node is ``JournalFact/precedes(_:)``.
extension Qualification: JournalFact {
    /// The current qualification of an item among its history: the latest by ``precedes(_:)``.
    /// `nil` for an item that was never qualified.
    public static func current(of history: some Sequence<Qualification>) -> Qualification? {
        history.reduce(nil) { best, next in
            guard let best else { return next }
            return best.precedes(next) ? next : best
        }
    }

    /// Whether this qualification should replace `current` as an item's current one.
    public func supersedes(_ current: Qualification?) -> Bool {
        guard let current else { return true }
        return current.precedes(self)
    }
}
