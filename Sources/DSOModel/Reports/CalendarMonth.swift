/// A calendar month (`2026-11`), for the reports that walk month by month.
public struct CalendarMonth: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month holding `date`.
    public init(containing date: BusinessDate) {
        let c = date.components
        self.init(year: c.year, month: c.month)
    }

    /// Months since year 0: consecutive months are consecutive integers.
    public var ordinal: Int { year * 12 + month - 1 }

    public var first: BusinessDate { BusinessDate(year: year, month: month, day: 1)! }
    public var last: BusinessDate { BusinessDate(year: year, month: month, day: days)! }
    /// Calendar days in the month.
    public var days: Int { BusinessDate.daysIn(month: month, year: year) }
    public var previous: CalendarMonth { month == 1 ? CalendarMonth(year: year - 1, month: 12) : CalendarMonth(year: year, month: month - 1) }
    public var next: CalendarMonth { month == 12 ? CalendarMonth(year: year + 1, month: 1) : CalendarMonth(year: year, month: month + 1) }

    public static func < (l: CalendarMonth, r: CalendarMonth) -> Bool { (l.year, l.month) < (r.year, r.month) }

    public var description: String {
        (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = BusinessDate(text + "-01") else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a month (YYYY-MM)"))
        }
        self.init(containing: date)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
