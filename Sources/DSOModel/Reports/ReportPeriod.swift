/// How a report steps through time.
public enum ReportStep: String, Codable, Sendable, CaseIterable {
    case day, week, month

    /// The `count` periods ending on `asOf`, oldest first, as (first day, last day): calendar
    /// months (the last one ends on `asOf`), or runs of 7 days or 1 day ending on `asOf`.
    public func periods(count: Int, endingOn asOf: BusinessDate) -> [(first: BusinessDate, last: BusinessDate)] {
        var out: [(BusinessDate, BusinessDate)] = []
        switch self {
        case .month:
            var month = CalendarMonth(containing: asOf)
            for _ in 0..<max(1, count) {
                out.insert((month.first, min(month.last, asOf)), at: 0)
                month = month.previous
            }
        case .week, .day:
            let length = self == .week ? 7 : 1
            var last = asOf
            for _ in 0..<max(1, count) {
                out.insert((last.adding(days: 1 - length), last), at: 0)
                last = last.adding(days: -length)
            }
        }
        return out
    }

    /// How a period is named: `2026-11`, or its first day.
    public func label(_ period: (first: BusinessDate, last: BusinessDate)) -> String {
        self == .month ? CalendarMonth(containing: period.first).description : period.first.description
    }
}
