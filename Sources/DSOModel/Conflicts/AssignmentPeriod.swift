import Foundation

/// A stretch of time during which a customer was in one collector's portfolio. The server keeps
/// each customer's history of them; a fact's author is judged against it at the fact's time.
public struct AssignmentPeriod: Codable, Hashable, Sendable {
    public var collector: String
    /// Server time the customer entered the portfolio (milliseconds since 1970, UTC).
    public var fromMillis: Int64
    /// Server time it left, `nil` while it is still there.
    public var toMillis: Int64?

    public init(collector: String, fromMillis: Int64, toMillis: Int64?) {
        self.collector = collector
        self.fromMillis = fromMillis
        self.toMillis = toMillis
    }

    static let dayMillis: Int64 = 86_400_000

    /// Whether a fact its `author` stamped `hlc` may stand on the customer: the customer was in
    /// the author's portfolio at the fact's time, or had left it less than `graceDays` before.
    /// Field work done offline across a reassignment is accepted; work done long after is not.
    public static func admits(_ periods: some Sequence<AssignmentPeriod>, author: String, hlc: HLC, graceDays: Int) -> Bool {
        let t = hlc.millis
        let grace = Int64(max(0, graceDays)) * dayMillis
        return periods.contains { p in
            guard p.collector == author, p.fromMillis <= t else { return false }
            guard let to = p.toMillis else { return true }
            return t < to + grace
        }
    }
}
