import Foundation

/// Wakes long-polling pulls when changes they can see commit.
///
/// A waiter listens for an ``Audience``: a collector hears the changes of her own customers,
/// a manager or an admin hears every change, and everyone hears central changes (imports,
/// catalogue). A push wakes only the collectors of the customers it touched and the managers,
/// so a thousand parked long-polls do not all wake and query for one collector's push.
///
/// A waiter first reads ``generation(for:)``, then looks for changes, then calls
/// ``wait(for:after:timeout:)`` with that generation: a commit in between is never missed.
public actor ChangeSignal {
    /// Whose changes a waiter listens for.
    public enum Audience: Hashable, Sendable {
        /// Managers and admins: every change.
        case everything
        /// A collector (or resolver): changes of the customers assigned to this login.
        case login(String)
    }

    private var waiters: [Audience: [UUID: CheckedContinuation<Void, Never>]] = [:]
    private var generations: [Audience: Int] = [:]
    private var everyone = 0
    /// The highest sequence number a notification covered (see ``CentralStore/watchExternalWrites()``).
    public private(set) var knownHead: Int64 = 0
    /// Waiters woken by notifications so far (not by their timeout): for tests and metrics.
    public private(set) var woken = 0

    public init() {}

    /// Bumped by every notification that concerns `audience`.
    public func generation(for audience: Audience) -> Int {
        everyone + generations[audience, default: 0]
    }

    /// Wakes every waiter (central changes: imports, statuses, settings).
    public func notify(head: Int64? = nil) {
        everyone += 1
        if let head { knownHead = max(knownHead, head) }
        let all = waiters
        waiters.removeAll()
        for continuation in all.values.flatMap(\.values) {
            woken += 1
            continuation.resume()
        }
    }

    /// Records that changes up to `head` need no notification (they were committed before any
    /// waiter looked).
    public func advance(to head: Int64) {
        knownHead = max(knownHead, head)
    }

    /// Wakes the given collectors and everyone who sees everything (a push on their customers).
    public func notify(collectors: Set<String>, head: Int64) {
        knownHead = max(knownHead, head)
        for audience in collectors.map(Audience.login) + [.everything] {
            generations[audience, default: 0] += 1
            for continuation in (waiters.removeValue(forKey: audience) ?? [:]).values {
                woken += 1
                continuation.resume()
            }
        }
    }

    /// Returns at once if a notification for `audience` happened since `seen`, else at the
    /// next one or after `timeout`, whichever comes first.
    public func wait(for audience: Audience, after seen: Int, timeout: Duration) async {
        guard generation(for: audience) == seen else { return }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id, of: audience)
        }
        await withCheckedContinuation { continuation in
            waiters[audience, default: [:]][id] = continuation
        }
        timer.cancel()
    }

    /// Waiters parked now (for tests and metrics).
    public var parked: Int { waiters.values.reduce(0) { $0 + $1.count } }

    private func expire(_ id: UUID, of audience: Audience) {
        guard let continuation = waiters[audience]?.removeValue(forKey: id) else { return }
        if waiters[audience]?.isEmpty == true { waiters[audience] = nil }
        continuation.resume()
    }
}
