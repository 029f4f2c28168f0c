/// Each customer's payment habit (`report payment-profile`, DOMAIN.md): the amount-weighted
/// average payment delay over its invoices cleared in the six months before the report date,
/// Σ amount × max(0, payment date − due date) ÷ Σ amount, and its band.
public struct PaymentProfileReport: Codable, Hashable, Sendable {
    /// Upper bounds of the bands, in days: `[5, 30, 60]` gives ≤ 5, 6–30, 31–60, > 60.
    public static let defaultBands = [5, 30, 60]
    /// Months of cleared invoices a delay is averaged over.
    public static let months = 6

    public struct Line: Codable, Hashable, Sendable {
        public var customer: String
        public var name: String
        public var collector: String?
        public var currency: CurrencyCode
        /// Invoices cleared in the window, and their amount at issue.
        public var invoices: Int
        public var paidMinor: Int64
        /// Average days paid after the due date (amount-weighted; early payment counts as 0).
        public var averageDelay: Double
        /// Index into ``PaymentProfileReport/bandLabels``.
        public var band: Int
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    /// The first day of the window (cleared on or after it, and by ``asOf``).
    public var since: BusinessDate
    public var bands: [Int]
    /// Worst payers first.
    public var lines: [Line]

    /// `≤ 5 days`, `6-30 days`, … for ``bands``.
    public var bandLabels: [String] {
        var labels: [String] = []
        var low = 0
        for (i, high) in bands.enumerated() {
            labels.append(i == 0 ? "≤ \(high) days" : "\(low)-\(high) days")
            low = high + 1
        }
        labels.append("> \(bands.last ?? 0) days")
        return labels
    }

    /// The band of a delay.
    public static func band(of delay: Double, bands: [Int]) -> Int {
        bands.firstIndex { delay <= Double($0) } ?? bands.count
    }

    /// The first day of the six-month window ending on `asOf`: the same day six calendar months
    /// earlier (the month's last day when shorter), plus one.
    public static func windowStart(_ asOf: BusinessDate) -> BusinessDate {
        var month = CalendarMonth(containing: asOf)
        for _ in 0..<months { month = month.previous }
        let day = min(asOf.components.day, month.days)
        return BusinessDate(year: month.year, month: month.month, day: day)!.adding(days: 1)
    }

    /// One customer's invoices (kind invoice, positive) with its name and collector.
    public struct Entry: Sendable {
        public var customer: String
        public var name: String
        public var collector: String?
        public var item: LedgerItem

        public init(customer: String, name: String, collector: String?, item: LedgerItem) {
            self.customer = customer
            self.name = name
            self.collector = collector
            self.item = item
        }

        public init(customer: String, name: String, collector: String?, item: OpenItem) {
            self.init(customer: customer, name: name, collector: collector, item: LedgerItem(item))
        }
    }

    public static func compute(_ entries: some Sequence<Entry>, asOf: BusinessDate, filter: ReportFilter,
                               bands: [Int] = defaultBands) -> PaymentProfileReport {
        let since = windowStart(asOf)
        typealias Key = CustomerCurrency
        var sums: [Key: (entry: Entry, amount: Int64, weighted: Double, count: Int)] = [:]
        for entry in entries {
            let item = entry.item
            guard item.kind == .invoice, item.initialAmount.minor > 0, let paid = item.clearedDate, paid >= since, paid <= asOf else { continue }
            let key = Key(customer: entry.customer, currency: item.initialAmount.currency)
            let delay = Double(max(0, paid.days(since: item.dueDate)))
            var sum = sums[key] ?? (entry, 0, 0, 0)
            sum.amount += item.initialAmount.minor
            sum.weighted += Double(item.initialAmount.minor) * delay
            sum.count += 1
            sums[key] = sum
        }
        let lines = sums.map { key, sum in
            let delay = sum.weighted / Double(sum.amount)
            return Line(customer: key.customer, name: sum.entry.name, collector: sum.entry.collector, currency: key.currency,
                        invoices: sum.count, paidMinor: sum.amount, averageDelay: delay, band: band(of: delay, bands: bands))
        }.sorted { ($0.averageDelay, $1.customer, $1.currency) > ($1.averageDelay, $0.customer, $0.currency) }
        return PaymentProfileReport(asOf: asOf, filter: filter, since: since, bands: bands, lines: lines)
    }

    /// A customer's figures in one currency: the key while the report is built.
    struct CustomerCurrency: Hashable {
        var customer: String
        var currency: CurrencyCode
    }
}
