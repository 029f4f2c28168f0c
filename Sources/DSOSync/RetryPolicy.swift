import Foundation

/// How the sync engine retries a call that failed for a transient reason: exponential backoff
/// with full jitter, capped.
public struct RetryPolicy: Sendable {
    /// Attempts per call, the first included.
    public var maxAttempts: Int
    /// Upper bound of the first retry's random delay; it doubles on each further retry.
    public var initialDelay: Duration
    /// Cap of the doubling.
    public var maxDelay: Duration

    /// The defaults follow PROTOCOL.md: 5 attempts, delays drawn from 0…1 s, 0…2 s, 0…4 s, 0…8 s.
    public init(maxAttempts: Int = 5, initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Delay before attempt `attempt` (2 = first retry): random(0, min(max, initial × 2^(attempt−2))).
    func delay(before attempt: Int) -> Duration {
        let factor = 1 << min(max(0, attempt - 2), 20)
        let capped = min(initialDelay * factor, maxDelay)
        let millis = Double(capped.components.seconds) * 1000 + Double(capped.components.attoseconds) / 1e15
        return .milliseconds(Int64(Double.random(in: 0...1) * millis))
    }

    /// Runs `operation`, retrying retryable failures.
    func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let error as SyncError where error.isRetryable && attempt < maxAttempts {
                attempt += 1
                try await Task.sleep(for: delay(before: attempt))
            }
        }
    }
}
