/// Open amounts of one currency by days past due (DOMAIN.md): not due (dpd ≤ 0), 1–30, 31–60,
/// 61–90, 91+. Amounts keep their sign, so credit notes net inside their bucket and the buckets
/// add up to the balance.
public struct AgingBuckets: Codable, Hashable, Sendable {
    /// The buckets' labels, in order.
    public static let labels = ["not due", "1-30", "31-60", "61-90", "91+"]

    /// Minor units per bucket, in the order of ``labels``.
    public var minor: [Int64] = [0, 0, 0, 0, 0]
    /// Items counted, per bucket.
    public var count: [Int] = [0, 0, 0, 0, 0]

    public init() {}

    /// The bucket of an item `dpd` days past due (`as_of − due_date`).
    public static func bucket(daysPastDue dpd: Int) -> Int {
        switch dpd {
        case ...0: 0
        case 1...30: 1
        case 31...60: 2
        case 61...90: 3
        default: 4
        }
    }

    public mutating func add(minor amount: Int64, daysPastDue dpd: Int) {
        let b = AgingBuckets.bucket(daysPastDue: dpd)
        minor[b] += amount
        count[b] += 1
    }

    public mutating func add(_ other: AgingBuckets) {
        for b in 0..<5 {
            minor[b] += other.minor[b]
            count[b] += other.count[b]
        }
    }

    /// The balance: every bucket.
    public var total: Int64 { minor.reduce(0, +) }
    /// Past due by a day or more.
    public var overdue: Int64 { total - minor[0] }
    /// Overdue ÷ total open, in percent; `nil` when nothing is open.
    public var overduePercent: Double? { total == 0 ? nil : Double(overdue) / Double(total) * 100 }
}
