import Foundation
import Synchronization

/// Decides which caught-up pulls to record in `replica_syncs`: at most one per replica per
/// `interval`, so that long-polling replicas do not turn every answer into a write.
final class PullRecorder: Sendable {
    private let last = Mutex<[String: ContinuousClock.Instant]>([:])
    let interval: Duration

    init(interval: Duration = .seconds(60)) { self.interval = interval }

    /// Whether a pull of `replica` by `login` at `now` should be written (and, if so, notes it).
    func shouldRecord(login: String, replica: UUID, now: ContinuousClock.Instant = .now) -> Bool {
        let key = login + " " + replica.uuidString
        return last.withLock { last in
            if let previous = last[key], now - previous < interval { return false }
            if last.count > 100_000 { last.removeAll() }
            last[key] = now
            return true
        }
    }
}
