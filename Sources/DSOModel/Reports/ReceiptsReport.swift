/// Cash received (`report receipts`), per currency and period (day, week or month) over the
/// periods ending on the report date: the payments recorded against items, plus, for an invoice
/// cleared with no payment covering it, what was left open when it cleared (received on its
/// clearing day). Credit notes and unallocated payments clearing are not cash.
public struct ReceiptsReport: Codable, Hashable, Sendable {
    public struct Period: Codable, Hashable, Sendable {
        public var label: String
        public var first: BusinessDate
        public var last: BusinessDate
        /// From payment records, and from clearings.
        public var paymentsMinor: Int64 = 0
        public var clearingsMinor: Int64 = 0
        public var count = 0

        public var totalMinor: Int64 { paymentsMinor + clearingsMinor }
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        /// Oldest first.
        public var periods: [Period]
        public var totalMinor: Int64 { periods.reduce(0) { $0 + $1.totalMinor } }
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var step: ReportStep
    public var sections: [Section]

    public static func compute(_ ledger: [DSOReport.Entry], asOf: BusinessDate, step: ReportStep, periods count: Int,
                               filter: ReportFilter) -> ReceiptsReport {
        let periods = step.periods(count: count, endingOn: asOf)
        let empty = periods.map { Period(label: step.label($0), first: $0.first, last: $0.last) }
        guard let start = periods.first?.first else { return ReceiptsReport(asOf: asOf, filter: filter, step: step, sections: []) }
        func index(of day: BusinessDate) -> Int? {
            guard day >= start, day <= asOf else { return nil }
            return periods.firstIndex { day >= $0.first && day <= $0.last }
        }
        var sections = CurrencySlots(empty: empty)
        for entry in ledger {
            let item = entry.item
            for payment in entry.payments {
                guard let i = index(of: payment.date) else { continue }
                let s = sections.slot(item.initialAmount.currency)
                sections[s][i].paymentsMinor += payment.minor
                sections[s][i].count += 1
            }
            guard item.kind == .invoice, let cleared = item.clearedDate, let i = index(of: cleared) else { continue }
            let paid = entry.payments.filter { $0.date <= cleared }.reduce(Int64(0)) { $0 + $1.minor }
            let rest = item.initialAmount.minor - paid
            guard rest > 0 else { continue }
            let s = sections.slot(item.initialAmount.currency)
            sections[s][i].clearingsMinor += rest
            sections[s][i].count += 1
        }
        return ReceiptsReport(asOf: asOf, filter: filter, step: step,
                              sections: sections.currencies.sorted().map { Section(currency: $0, periods: sections.value(of: $0)!) })
    }
}
