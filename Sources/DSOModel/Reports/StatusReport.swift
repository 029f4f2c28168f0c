/// Overdue by status (`report status`, DOMAIN.md): the overdue invoices (1 day or more past due,
/// positive open amount) by status type and by status, the never-qualified ones as `[none]`, and
/// the % qualified overdue by amount and by count, per currency.
public struct StatusReport: Codable, Hashable, Sendable {
    /// Overdue of one status type (``status`` `nil`) or one status; `type` `nil` too: `[none]`.
    public struct Row: Codable, Hashable, Sendable {
        public var status: String?
        public var name: String?
        public var type: StatusType?
        public var minor: Int64
        public var count: Int

        public init(status: String?, name: String?, type: StatusType?, minor: Int64 = 0, count: Int = 0) {
            self.status = status
            self.name = name
            self.type = type
            self.minor = minor
            self.count = count
        }
    }

    /// One currency's figures.
    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        public var overdueMinor: Int64 = 0
        public var overdueCount = 0
        public var qualifiedMinor: Int64 = 0
        public var qualifiedCount = 0
        /// By status type in the fixed order of ``StatusType``, then `[none]`; only those with items.
        public var byType: [Row] = []
        /// By status code, then `[none]`; only those with items.
        public var byStatus: [Row] = []

        public init(currency: CurrencyCode) { self.currency = currency }

        /// Qualified overdue ÷ overdue, by amount, in percent (`nil`: nothing overdue).
        public var qualifiedPercent: Double? { overdueMinor == 0 ? nil : Double(qualifiedMinor) / Double(overdueMinor) * 100 }
        /// The same by count.
        public var qualifiedCountPercent: Double? { overdueCount == 0 ? nil : Double(qualifiedCount) / Double(overdueCount) * 100 }
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var sections: [Section]

    public init(asOf: BusinessDate, filter: ReportFilter, sections: [Section]) {
        self.asOf = asOf
        self.filter = filter
        self.sections = sections
    }

    /// Builds the report from the items open on `asOf` with their status that day.
    /// `statuses`: the catalogue, by code (a status no longer in it counts as qualified, with its
    /// code only).
    public static func compute(_ items: some Sequence<ReportItem>, statuses: [String: Status], asOf: BusinessDate,
                               filter: ReportFilter) -> StatusReport {
        var sections: [CurrencyCode: Section] = [:]
        var byType: [CurrencyCode: [StatusType?: Row]] = [:], byStatus: [CurrencyCode: [String?: Row]] = [:]
        for entry in items where entry.open.minor > 0 && asOf.days(since: entry.item.dueDate) >= 1 {
            let currency = entry.open.currency
            var section = sections[currency] ?? Section(currency: currency)
            section.overdueMinor += entry.open.minor
            section.overdueCount += 1
            let status = entry.statusCode.map { statuses[$0] ?? Status(code: $0, name: $0, type: .ongoing) }
            if entry.statusCode != nil {
                section.qualifiedMinor += entry.open.minor
                section.qualifiedCount += 1
            }
            sections[currency] = section
            let type = entry.statusCode == nil ? nil : status?.type
            byType[currency, default: [:]][type, default: Row(status: nil, name: nil, type: type)].add(entry.open.minor)
            byStatus[currency, default: [:]][entry.statusCode, default: Row(status: entry.statusCode, name: status?.name, type: type)]
                .add(entry.open.minor)
        }
        let order = Dictionary(uniqueKeysWithValues: StatusType.allCases.enumerated().map { ($1, $0) })
        return StatusReport(asOf: asOf, filter: filter, sections: sections.keys.sorted().map { currency in
            var section = sections[currency]!
            section.byType = byType[currency, default: [:]].values.sorted { ($0.type.map { order[$0]! } ?? 99) < ($1.type.map { order[$0]! } ?? 99) }
            section.byStatus = byStatus[currency, default: [:]].values.sorted { ($0.status == nil ? 1 : 0, $0.status ?? "") < ($1.status == nil ? 1 : 0, $1.status ?? "") }
            return section
        })
    }
}

extension StatusReport.Row {
    mutating func add(_ minor: Int64) {
        self.minor += minor
        count += 1
    }
}
