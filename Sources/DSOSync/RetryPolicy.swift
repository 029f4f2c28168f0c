import Foundation

/// How the sync engine retries a call that failed for a transient reason.
///
/// - A server that cannot be reached at all (``SyncError/unreachable(_:)``: refused, unknown
///   host, no answer to the connection) is tried ``maxConnectAttempts`` times, half a second
///   apart, then reported: a person waiting at a terminal learns within seconds that the server
///   is down.
/// - A connection that breaks or times out mid-exchange, and 5xx answers, are retried up to
///   ``maxAttempts`` times with exponential backoff and full jitter (PROTOCOL 14.2).
public struct RetryPolicy: Sendable {
    /// Attempts per call, the first included, for failures in the middle of an exchange.
    public var maxAttempts: Int
    /// Attempts per call, the first included, when no connection can be made.
    public var maxConnectAttempts: Int
    /// Upper bound of the first retry's random delay; it doubles on each further retry.
    public var initialDelay: Duration
    /// Cap of the doubling.
    public var maxDelay: Duration

    /// The defaults follow PROTOCOL.md: 5 attempts, delays drawn from 0…1 s, 0…2 s, 0…4 s, 0…8 s;
    /// 2 connection attempts.
    public init(maxAttempts: Int = 5, maxConnectAttempts: Int = 2, initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxConnectAttempts = max(1, maxConnectAttempts)
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

    /// Runs `operation`, retrying retryable failures; `onRetry` hears of each retry before its wait.
    func run<T: Sendable>(onRetry: (RetryNotice) -> Void = { _ in }, _ operation: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let error as SyncError where error.isRetryable {
                let unreachable: Bool
                if case .unreachable = error { unreachable = true } else { unreachable = false }
                let limit = unreachable ? maxConnectAttempts : maxAttempts
                guard attempt < limit else { throw error }
                attempt += 1
                let wait = unreachable ? min(initialDelay / 2, .milliseconds(500)) : delay(before: attempt)
                onRetry(RetryNotice(reason: error, attempt: attempt, maxAttempts: limit, delay: wait))
                try await Task.sleep(for: wait)
            }
        }
    }
}

/// A call failed and will be tried again: what a progress line shows.
public struct RetryNotice: Sendable {
    /// What went wrong.
    public var reason: SyncError
    /// The attempt about to be made (2 = the first retry), and the most there will be.
    public var attempt: Int
    public var maxAttempts: Int
    /// How long the engine waits before it.
    public var delay: Duration

    /// A short phrase for a progress line: "connection lost, retrying in 2 s (2/5)".
    public var summary: String {
        let what: String = switch reason {
        case .unreachable: "server unreachable"
        case .transport: "connection lost"
        case .problem(let p): "server error \(p.status)"
        case .badResponse(let status, _): "server error \(status)"
        default: "failed"
        }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        return "\(what), retrying in \(seconds < 1 ? String(format: "%.1f", seconds) : String(Int(seconds.rounded()))) s (\(attempt)/\(maxAttempts))"
    }
}
