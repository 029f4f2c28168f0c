/// The overdue over time (`report trend`, DOMAIN.md): at the end of each period (a month, or a
/// week ending on the report date's weekday), per currency, the open amount, the overdue (1 day or
/// more past due), and the overdue more than 30, 60 and 90 days, with their rates of the open.
public struct TrendReport: Codable, Hashable, Sendable {
    public struct Point: Codable, Hashable, Sendable {
        public var label: String
        /// The day the receivables are taken.
        public var end: BusinessDate
        public var openMinor: Int64 = 0
        /// Overdue by at least 1, 31, 61 and 91 days.
        public var overdueMinor: [Int64] = [0, 0, 0, 0]

        /// `overdueMinor` as percentages of the open amount (`nil` when nothing is open).
        public var rates: [Double?] { overdueMinor.map { openMinor == 0 ? nil : Double($0) / Double(openMinor) * 100 } }
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        /// Oldest first.
        public var points: [Point]
    }

    /// Column names of ``Point/overdueMinor``.
    public static let thresholds = ["overdue", "30+", "60+", "90+"]

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var step: ReportStep
    public var sections: [Section]

    /// The least days past due of each of ``thresholds``.
    static let floors = [1, 31, 61, 91]

    public static func compute(_ ledger: [DSOReport.Entry], asOf: BusinessDate, step: ReportStep, periods count: Int,
                               filter: ReportFilter) -> TrendReport {
        let periods = step.periods(count: count, endingOn: asOf)
        let empty = periods.map { Point(label: step.label($0), end: $0.last) }
        var sections = CurrencySlots(empty: empty)
        let first = periods.first?.last
        for entry in ledger {
            let item = entry.item
            if let cleared = item.clearedDate, let first, cleared <= first { continue }
            var slot: Int?
            for (index, period) in periods.enumerated() {
                guard let open = item.openMinor(on: period.last, payments: entry.payments), open != 0 else { continue }
                let s = slot ?? sections.slot(item.initialAmount.currency)
                slot = s
                sections[s][index].openMinor += open
                let dpd = period.last.days(since: item.dueDate)
                for (t, floor) in TrendReport.floors.enumerated() where dpd >= floor {
                    sections[s][index].overdueMinor[t] += open
                }
            }
        }
        return TrendReport(asOf: asOf, filter: filter, step: step,
                           sections: sections.currencies.sorted().map { Section(currency: $0, points: sections.value(of: $0)!) })
    }
}
