/// Disputes by the dispute status that opened them (`report disputes`, DOMAIN.md), per currency:
/// open and closed counts and amounts, mean and median days to resolve (closing − opening, closed
/// ones), and the age of the oldest open one, on the report date. A dispute's amount is what its
/// items had open on the day it opened.
public struct DisputesReport: Codable, Hashable, Sendable {
    public struct Row: Codable, Hashable, Sendable {
        public var status: String
        public var name: String
        public var openCount = 0
        public var openMinor: Int64 = 0
        public var closedCount = 0
        public var closedMinor: Int64 = 0
        public var meanDaysToResolve: Double?
        public var medianDaysToResolve: Double?
        public var oldestOpenDays: Int?
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        public var rows: [Row]
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var sections: [Section]

    /// From the files of the customers in the report (every customer with a qualification is
    /// enough: the others have no dispute).
    public static func compute(_ files: some Sequence<CustomerFile>, asOf: BusinessDate, filter: ReportFilter) -> DisputesReport {
        var rows: [CurrencyCode: [String: Row]] = [:]
        var durations: [CurrencyCode: [String: [Int]]] = [:]
        for whole in files {
            let file = whole.known(on: asOf)
            for dispute in Dispute.derive(from: file) where dispute.openedOn <= asOf {
                let items = dispute.itemIDs.compactMap { file.items[$0] }
                guard let currency = items.first?.initialAmount.currency, filter.currency == nil || filter.currency == currency else { continue }
                let amount = items.reduce(Int64(0)) { total, item in
                    total + (item.openAmount(on: dispute.openedOn, payments: file.payments.filter { $0.itemID == item.id })?.minor ?? 0)
                }
                let name = file.statuses[dispute.statusCode]?.name ?? dispute.statusCode
                var row = rows[currency]?[dispute.statusCode] ?? Row(status: dispute.statusCode, name: name)
                if let closed = dispute.closedOn, closed <= asOf {
                    row.closedCount += 1
                    row.closedMinor += amount
                    durations[currency, default: [:]][dispute.statusCode, default: []].append(closed.days(since: dispute.openedOn))
                } else {
                    row.openCount += 1
                    row.openMinor += amount
                    row.oldestOpenDays = max(row.oldestOpenDays ?? 0, asOf.days(since: dispute.openedOn))
                }
                rows[currency, default: [:]][dispute.statusCode] = row
            }
        }
        return DisputesReport(asOf: asOf, filter: filter, sections: rows.keys.sorted().map { currency in
            Section(currency: currency, rows: rows[currency]!.values.sorted { $0.status < $1.status }.map { row in
                var row = row
                let days = (durations[currency]?[row.status] ?? []).sorted()
                if !days.isEmpty {
                    row.meanDaysToResolve = Double(days.reduce(0, +)) / Double(days.count)
                    row.medianDaysToResolve = days.count % 2 == 1 ? Double(days[days.count / 2])
                        : Double(days[days.count / 2 - 1] + days[days.count / 2]) / 2
                }
                return row
            })
        })
    }
}
