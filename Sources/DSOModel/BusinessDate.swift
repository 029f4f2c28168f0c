import Foundation

/// A calendar day with no time zone, written `YYYY-MM-DD` (due dates, status dates, clearing dates).
public struct BusinessDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...BusinessDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        dayNumber = BusinessDate.days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; `nil` for anything else, including impossible days.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let parsed = text.withUTF8({ BusinessDate.parse($0) }) else { return nil }
        self = parsed
    }

    /// Parses exactly `YYYY-MM-DD` from its UTF-8 bytes (a store's column, read in place).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = BusinessDate.parse(bytes) else { return nil }
        self = parsed
    }

    /// `YYYY-MM-DD` read from its ten ASCII bytes (dates are read for every item of every page).
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> BusinessDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(bytes[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return BusinessDate(year: y, month: m, day: d)
    }

    /// Today in the given time zone (default: the device's).
    public static func today(in timeZone: TimeZone = .current, now: Date = Date()) -> BusinessDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return BusinessDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    public var components: (year: Int, month: Int, day: Int) {
        // Inverse of `days(year:month:day:)` (H. Hinnant's civil_from_days).
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> BusinessDate { BusinessDate(dayNumber: dayNumber + days) }

    /// Whole days from `other` to `self` (positive when `self` is later).
    public func days(since other: BusinessDate) -> Int { dayNumber - other.dayNumber }

    public static func < (lhs: BusinessDate, rhs: BusinessDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return String(format: "%04d-%02d-%02d", y, m, d) }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(m, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(d, 2, at: 8)
            return 10
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension BusinessDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = BusinessDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date (expected YYYY-MM-DD): \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
