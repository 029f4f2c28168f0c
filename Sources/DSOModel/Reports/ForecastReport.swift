import Foundation

/// Expected cash by week (`report forecast`, DOMAIN.md), per currency, from the open invoices on
/// the report date:
///
/// - an item with a pending promise → the promised date, for the promised amount (the promise's
///   items are not forecast again);
/// - an item in an open dispute → its due date + the mean days to resolve of that dispute status
///   (closed disputes of the report's scope) + the customer's average payment delay;
/// - an item in litigation → excluded;
/// - any other open item → its due date + the customer's average payment delay.
///
/// An expected date already past while the item is still open is "off forecast"; one after the
/// last week is "later". Credit notes and unallocated payments are not forecast.
public struct ForecastReport: Codable, Hashable, Sendable {
    public struct Week: Codable, Hashable, Sendable {
        public var first: BusinessDate
        public var last: BusinessDate
        public var promisedMinor: Int64 = 0
        public var expectedMinor: Int64 = 0
        public var totalMinor: Int64 { promisedMinor + expectedMinor }
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        public var weeks: [Week]
        public var offForecastMinor: Int64 = 0
        public var laterMinor: Int64 = 0
        public var litigationMinor: Int64 = 0
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    /// Mean days to resolve per dispute status, as used.
    public var resolutionDays: [String: Double]
    public var sections: [Section]

    /// The forecast over `count` weeks from `asOf`.
    ///
    /// - Parameters:
    ///   - files: the files of the customers in the filter that have a qualification.
    ///   - ledgers: the report ledgers of the customers in the filter that have no qualification
    ///     (and so no file in `files`), one per customer and currency: a store reads them from
    ///     one row each instead of building those customers' files.
    public static func compute(_ files: [CustomerFile], ledgers: [[ReportLedger.Entry]] = [], graceDays: Int, asOf: BusinessDate,
                               weeks count: Int, filter: ReportFilter) -> ForecastReport {
        let disputes = DisputesReport.compute(files, asOf: asOf, filter: ReportFilter())
        let known = files.map { $0.known(on: asOf) }
        var resolution: [String: Double] = [:]
        for row in disputes.sections.flatMap(\.rows) where row.meanDaysToResolve != nil {
            resolution[row.status] = max(resolution[row.status] ?? 0, row.meanDaysToResolve!)
        }
        let weeks = (0..<max(1, count)).map { Week(first: asOf.adding(days: 7 * $0), last: asOf.adding(days: 7 * $0 + 6)) }
        var sections: [CurrencyCode: Section] = [:]
        func add(_ minor: Int64, _ currency: CurrencyCode, on day: BusinessDate, promise: Bool) {
            guard filter.currency == nil || filter.currency == currency else { return }
            var section = sections[currency] ?? Section(currency: currency, weeks: weeks)
            if day < asOf {
                section.offForecastMinor += minor
            } else if let i = section.weeks.firstIndex(where: { day <= $0.last }) {
                if promise { section.weeks[i].promisedMinor += minor } else { section.weeks[i].expectedMinor += minor }
            } else {
                section.laterMinor += minor
            }
            sections[currency] = section
        }
        for file in known {
            let profile = PaymentProfileReport.compute(file.items.values.map {
                PaymentProfileReport.Entry(customer: file.customer.code, name: file.customer.name, collector: file.customer.collector, item: $0)
            }, asOf: asOf, filter: ReportFilter())
            let delay = Dictionary(profile.lines.map { ($0.currency, $0.averageDelay) }) { first, _ in first }
            let openDisputes = Dispute.derive(from: file).filter { $0.closedOn.map { $0 > asOf } ?? true }
            var promised = Set<UUID>()
            for promise in PromiseToPay.derive(from: file) where promise.evaluate(in: file, graceDays: graceDays, today: asOf) == .pending {
                add(promise.amount.minor, promise.amount.currency, on: promise.promisedDate, promise: true)
                promised.formUnion(promise.itemIDs)
            }
            for item in file.items.values.sorted(by: { $0.number < $1.number })
            where item.kind == .invoice && !promised.contains(item.id) {
                guard let open = item.openAmount(on: asOf, payments: file.payments.filter { $0.itemID == item.id }), open.minor > 0 else { continue }
                let lag = Int((delay[open.currency] ?? 0).rounded())
                switch file.current(of: item.id).flatMap({ file.statuses[$0.statusCode]?.type }) {
                case .litigation:
                    if filter.currency == nil || filter.currency == open.currency {
                        sections[open.currency, default: Section(currency: open.currency, weeks: weeks)].litigationMinor += open.minor
                    }
                case .dispute where openDisputes.contains(where: { $0.openItemIDs.contains(item.id) }):
                    let status = openDisputes.first { $0.openItemIDs.contains(item.id) }!.statusCode
                    add(open.minor, open.currency, on: item.dueDate.adding(days: Int((resolution[status] ?? 0).rounded()) + lag), promise: false)
                default:
                    add(open.minor, open.currency, on: item.dueDate.adding(days: lag), promise: false)
                }
            }
        }
        // Customers with no qualification: no promise, dispute or litigation; each open invoice
        // is expected at its due date plus the customer's average payment delay.
        for entries in ledgers {
            let profile = PaymentProfileReport.compute(entries.map {
                PaymentProfileReport.Entry(customer: "", name: "", collector: nil, item: $0.item)
            }, asOf: asOf, filter: ReportFilter())
            let delay = Dictionary(profile.lines.map { ($0.currency, $0.averageDelay) }) { first, _ in first }
            for entry in entries where entry.item.kind == .invoice {
                guard let open = entry.item.openAmount(on: asOf, payments: entry.payments.filter { $0.date <= asOf }), open.minor > 0 else { continue }
                add(open.minor, open.currency, on: entry.item.dueDate.adding(days: Int((delay[open.currency] ?? 0).rounded())), promise: false)
            }
        }
        return ForecastReport(asOf: asOf, filter: filter, resolutionDays: resolution,
                              sections: sections.keys.sorted().map { sections[$0]! })
    }
}
