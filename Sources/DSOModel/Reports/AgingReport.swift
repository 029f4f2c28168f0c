/// The aging balance (`report aging`): open amounts by days past due, per customer, per collector
/// and in total, one line per currency, as of a date (today, or a past date from the items'
/// history: DOMAIN.md, "Reports: exact definitions").
public struct AgingReport: Codable, Hashable, Sendable {
    /// One line: whose amounts (a customer's code, a collector's login, or `nil` for the total
    /// and for customers without a collector) in one currency.
    public struct Line: Codable, Hashable, Sendable {
        public var key: String?
        /// The customer's name (customer lines only).
        public var name: String?
        /// The customer's collector (customer lines only).
        public var collector: String?
        public var currency: CurrencyCode
        public var buckets: AgingBuckets

        public init(key: String?, name: String? = nil, collector: String? = nil, currency: CurrencyCode, buckets: AgingBuckets) {
            self.key = key
            self.name = name
            self.collector = collector
            self.currency = currency
            self.buckets = buckets
        }
    }

    /// One open item as the report reads it.
    public struct Entry: Sendable {
        public var customerCode: String
        public var customerName: String
        public var collector: String?
        public var dueDate: BusinessDate
        /// Open at the report date (``OpenItem/openAmount(on:payments:)``).
        public var open: Money

        public init(customerCode: String, customerName: String, collector: String?, dueDate: BusinessDate, open: Money) {
            self.customerCode = customerCode
            self.customerName = customerName
            self.collector = collector
            self.dueDate = dueDate
            self.open = open
        }
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    /// Per customer and currency, by customer code.
    public var customers: [Line]
    /// Per collector and currency, by login; customers without a collector under `nil`, last.
    public var collectors: [Line]
    /// Per currency.
    public var totals: [Line]

    public init(asOf: BusinessDate, filter: ReportFilter, customers: [Line], collectors: [Line], totals: [Line]) {
        self.asOf = asOf
        self.filter = filter
        self.customers = customers
        self.collectors = collectors
        self.totals = totals
    }

    /// Builds the report from the open items at `asOf` (already filtered by scope and
    /// ``ReportFilter``; items with nothing open are skipped).
    public static func compute(_ entries: some Sequence<Entry>, asOf: BusinessDate, filter: ReportFilter) -> AgingReport {
        typealias Key = LineKey
        var customers: [Key: Line] = [:], collectors: [Key: AgingBuckets] = [:], totals = CurrencySlots(empty: AgingBuckets())
        // Entries come customer by customer: add up a run of one customer and currency, and
        // hash its keys once when the run ends.
        var run: Line?
        func close() {
            guard let line = run else { return }
            customers[Key(key: line.key, currency: line.currency), default: Line(
                key: line.key, name: line.name, collector: line.collector, currency: line.currency, buckets: AgingBuckets())]
                .buckets.add(line.buckets)
            collectors[Key(key: line.collector, currency: line.currency), default: AgingBuckets()].add(line.buckets)
            totals[totals.slot(line.currency)].add(line.buckets)
        }
        for entry in entries where entry.open.minor != 0 {
            let currency = entry.open.currency
            if run == nil || run!.currency != currency || run!.key != entry.customerCode || run!.collector != entry.collector {
                close()
                run = Line(key: entry.customerCode, name: entry.customerName, collector: entry.collector, currency: currency, buckets: AgingBuckets())
            }
            run!.buckets.add(minor: entry.open.minor, daysPastDue: asOf.days(since: entry.dueDate))
        }
        close()
        // Sort the keys (small), then take each line once: sorting the lines would move every
        // line's strings and buckets at each step.
        return AgingReport(
            asOf: asOf, filter: filter,
            customers: customers.keys.sorted { ($0.key ?? "", $0.currency) < ($1.key ?? "", $1.currency) }.map { customers[$0]! },
            collectors: collectors.keys.sorted { ($0.key == nil ? 1 : 0, $0.key ?? "", $0.currency) < ($1.key == nil ? 1 : 0, $1.key ?? "", $1.currency) }
                .map { Line(key: $0.key, currency: $0.currency, buckets: collectors[$0]!) },
            totals: totals.currencies.sorted().map { Line(key: nil, currency: $0, buckets: totals.value(of: $0)!) })
    }

    /// Whose amounts in which currency: the key of a line while the report is built.
    struct LineKey: Hashable {
        var key: String?
        var currency: CurrencyCode
    }
}
