/// Days sales outstanding, month by month (`report dso`, DOMAIN.md "Reports: exact definitions"),
/// per currency. For each month of the report: receivables at its end (the report date for the
/// month holding it), credit sales of the month (invoices issued less credit notes issued), and:
///
/// - **standard** = receivables ÷ the month's credit sales × the month's calendar days (to the
///   report date in the current month);
/// - **count-back**: from the month's end, walk back month by month; while the receivables left
///   cover that month's sales, take them off and add its days; then add the fraction left of the
///   first month they do not cover, and stop (also once nothing is left; at most ``walkLimit``
///   months);
/// - **current** = count-back of the receivables not yet due; **overdue** = count-back − current;
/// - **best possible** = not-yet-due receivables ÷ sales × days (standard); **ADD** = standard −
///   best possible.
///
/// A figure that divides by no sales is `nil`.
public struct DSOReport: Codable, Hashable, Sendable {
    /// Months a count-back walk goes back at most: past that, its days are a lower bound.
    public static let walkLimit = 36

    public struct Month: Codable, Hashable, Sendable {
        public var month: CalendarMonth
        /// The day the receivables are taken (the month's last day, or the report date).
        public var end: BusinessDate
        public var days: Int
        public var receivablesMinor: Int64
        public var notDueMinor: Int64
        public var salesMinor: Int64
        public var standard: Double?
        public var countBack: Double?
        public var current: Double?
        public var overdue: Double?
        public var bestPossible: Double?
        public var averageDaysDelinquent: Double?
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        /// Oldest first.
        public var months: [Month]
    }

    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var sections: [Section]

    /// One item of the ledger with its payments: every item issued by the report date, open or
    /// cleared since (cleared items carry the sales history).
    public struct Entry: Sendable {
        public var item: LedgerItem
        public var payments: [LedgerPayment]

        public init(item: LedgerItem, payments: [LedgerPayment] = []) {
            self.item = item
            self.payments = payments
        }

        public init(item: LedgerItem, payments: [Payment]) {
            self.init(item: item, payments: payments.map(LedgerPayment.init))
        }

        public init(item: OpenItem, payments: [Payment] = []) {
            self.init(item: LedgerItem(item), payments: payments.map(LedgerPayment.init))
        }
    }

    /// The report over the `months` months ending with the one holding `asOf`.
    public static func compute(_ ledger: [Entry], asOf: BusinessDate, months count: Int, filter: ReportFilter) -> DSOReport {
        let last = CalendarMonth(containing: asOf)
        var window: [CalendarMonth] = [last]
        while window.count < max(1, count) { window.insert(window[0].previous, at: 0) }
        // Credit sales per currency and month, up to the report date; receivables, and those not
        // yet due, at each month's end.
        let ends = window.map { min($0.last, asOf) }
        // Sales by month from the oldest a count-back walk reaches to the last: a month's place
        // in an array is a subtraction, where a dictionary would hash every item's month.
        var oldest = window[0]
        for _ in 1..<walkLimit { oldest = oldest.previous }
        let firstOrdinal = oldest.ordinal, months = last.ordinal - firstOrdinal + 1
        var sold = CurrencySlots(empty: [Int64](repeating: 0, count: months))
        var owed = CurrencySlots(empty: (receivables: [Int64](repeating: 0, count: ends.count), notDue: [Int64](repeating: 0, count: ends.count)))
        let firstEnd = ends[0]
        for entry in ledger {
            let item = entry.item
            if item.kind != .payment && item.issueDate <= asOf {
                let s = sold.slot(item.initialAmount.currency)
                let index = CalendarMonth(containing: item.issueDate).ordinal - firstOrdinal
                if index >= 0 { sold[s][index] += item.initialAmount.minor }
            }
            // Cleared by the first end, or issued after the last: open at none of them.
            if let cleared = item.clearedDate, cleared <= firstEnd { continue }
            if item.issueDate > asOf { continue }
            var slot: Int?
            for (index, end) in ends.enumerated() {
                guard let open = item.openMinor(on: end, payments: entry.payments), open != 0 else { continue }
                let s = slot ?? owed.slot(item.initialAmount.currency)
                slot = s
                owed[s].receivables[index] += open
                if item.dueDate >= end { owed[s].notDue[index] += open }
            }
        }
        let currencies = Set(sold.currencies).union(owed.currencies).sorted()
        return DSOReport(asOf: asOf, filter: filter, sections: currencies.map { currency in
            var monthly: [CalendarMonth: Int64] = [:]
            var month = oldest
            for minor in sold.value(of: currency) ?? [] {
                if minor != 0 { monthly[month] = minor }
                month = month.next
            }
            let amounts = owed.value(of: currency)
            return Section(currency: currency, months: window.enumerated().map { index, month in
                let end = ends[index]
                let days = month == last ? end.components.day : month.days
                let recv = amounts?.receivables[index] ?? 0, due = amounts?.notDue[index] ?? 0, sold = monthly[month] ?? 0
                let standard = sold > 0 ? Double(recv) / Double(sold) * Double(days) : nil
                let best = sold > 0 ? Double(due) / Double(sold) * Double(days) : nil
                let countBack = DSOReport.countBack(recv, from: month, firstDays: days, sales: monthly)
                let current = DSOReport.countBack(due, from: month, firstDays: days, sales: monthly)
                return Month(month: month, end: end, days: days, receivablesMinor: recv, notDueMinor: due, salesMinor: sold,
                             standard: standard, countBack: countBack, current: current,
                             overdue: countBack.flatMap { total in current.map { total - $0 } },
                             bestPossible: best, averageDaysDelinquent: standard.flatMap { s in best.map { s - $0 } })
            })
        })
    }

    /// The count-back walk from `month` (whose days are `firstDays`) backwards over `sales`.
    /// `nil` when no month of the walk had sales.
    public static func countBack(_ receivables: Int64, from month: CalendarMonth, firstDays: Int,
                                 sales: [CalendarMonth: Int64]) -> Double? {
        var remaining = Double(receivables), days = 0.0, current = month, sawSales = false
        for step in 0..<walkLimit {
            // Every receivable is explained by the months walked: stop there.
            if step > 0 && remaining <= 0 { return days }
            let sold = Double(sales[current] ?? 0)
            let monthDays = Double(step == 0 ? firstDays : current.days)
            if sold > 0 { sawSales = true }
            if remaining >= sold {
                remaining -= sold
                days += monthDays
            } else {
                // Negative receivables below a month without sales: nothing to allocate.
                guard sold > 0 else { return days }
                return days + remaining / sold * monthDays
            }
            current = current.previous
        }
        return sawSales ? days : nil
    }
}
