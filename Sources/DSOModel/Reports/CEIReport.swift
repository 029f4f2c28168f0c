/// Collection effectiveness index (`report cei`, Credit Research Foundation; DOMAIN.md) over the
/// `months` months ending with the one holding the report date, per currency:
///
/// CEI = (opening receivables + S − closing total receivables) ÷ (opening receivables + S −
/// closing current receivables) × 100, where S = the period's credit sales ÷ the number of months,
/// opening = receivables at the end of the month before the period, closing = on the report date,
/// current = not yet due. Also each month of the period as its own one-month period.
public struct CEIReport: Codable, Hashable, Sendable {
    public struct Period: Codable, Hashable, Sendable {
        /// The first and last month of the period.
        public var from: CalendarMonth
        public var to: CalendarMonth
        public var openingMinor: Int64
        /// The period's credit sales ÷ its months (the monthly average S), in minor units.
        public var averageSalesMinor: Double
        public var closingMinor: Int64
        public var closingCurrentMinor: Int64
        /// `nil` when the denominator is zero.
        public var index: Double?

        init(from: CalendarMonth, to: CalendarMonth, opening: Int64, sales: Int64, months: Int, closing: Int64, current: Int64) {
            self.from = from
            self.to = to
            openingMinor = opening
            averageSalesMinor = Double(sales) / Double(months)
            closingMinor = closing
            closingCurrentMinor = current
            let denominator = Double(opening) + averageSalesMinor - Double(current)
            index = denominator == 0 ? nil : (Double(opening) + averageSalesMinor - Double(closing)) / denominator * 100
        }
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        public var period: Period
        /// Each month of the period, oldest first.
        public var months: [Period]
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var sections: [Section]

    /// Reads the same ledger as ``DSOReport`` (receivables and sales by month).
    public static func compute(_ ledger: [DSOReport.Entry], asOf: BusinessDate, months count: Int, filter: ReportFilter) -> CEIReport {
        let n = max(1, count)
        let dso = DSOReport.compute(ledger, asOf: asOf, months: n + 1, filter: filter)
        return CEIReport(asOf: asOf, filter: filter, sections: dso.sections.map { section in
            let m = section.months   // n + 1 months: the one before the period, then the period
            let period = Period(from: m[1].month, to: m[n].month, opening: m[0].receivablesMinor,
                                sales: m[1...].reduce(0) { $0 + $1.salesMinor }, months: n,
                                closing: m[n].receivablesMinor, current: m[n].notDueMinor)
            let monthly = (1...n).map { i in
                Period(from: m[i].month, to: m[i].month, opening: m[i - 1].receivablesMinor, sales: m[i].salesMinor, months: 1,
                       closing: m[i].receivablesMinor, current: m[i].notDueMinor)
            }
            return Section(currency: section.currency, period: period, months: monthly)
        })
    }
}
