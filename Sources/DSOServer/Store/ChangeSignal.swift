import Foundation

/// Wakes long-polling pulls when new changes commit.
///
/// A waiter first reads ``generation``, then looks for changes, then calls
/// ``wait(after:timeout:)`` with that generation: a commit in between is never missed.
public actor ChangeSignal {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Bumped by every ``notify()``.
    public private(set) var generation = 0

    public init() {}

    /// Wakes every waiter.
    public func notify() {
        generation += 1
        let all = waiters
        waiters.removeAll()
        for (_, continuation) in all { continuation.resume() }
    }

    /// Returns at once if a ``notify()`` happened since `seen`, else at the next one or after
    /// `timeout`, whichever comes first.
    public func wait(after seen: Int, timeout: Duration) async {
        guard generation == seen else { return }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
        }
        timer.cancel()
    }

    private func expire(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
