import Foundation

/// A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter.
///
/// HLCs order facts written on different nodes without trusting their clocks to agree:
/// a node never issues a timestamp lower than one it has seen. Ties between nodes are broken
/// by the writer's replica id (see ``Qualification/precedes(_:)``).
///
/// On the wire an HLC is a fixed-width string, `"<15-digit millis>-<6-digit counter>"`,
/// so that string order is time order: `"001763808000000-000002"`.
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millis: Int64
    public var counter: Int32

    /// Largest counter the six-digit wire form holds.
    public static let maxCounter: Int32 = 999_999

    public init(millis: Int64, counter: Int32 = 0) {
        self.millis = millis
        self.counter = counter
    }

    public static func < (lhs: HLC, rhs: HLC) -> Bool {
        (lhs.millis, lhs.counter) < (rhs.millis, rhs.counter)
    }

    /// The wall-clock part as a date.
    public var date: Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    public var description: String {
        let m = String(millis), c = String(counter)
        return String(repeating: "0", count: max(0, 15 - m.count)) + m + "-"
            + String(repeating: "0", count: max(0, 6 - c.count)) + c
    }

    /// Parses the wire form; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 15, parts[1].count == 6,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let m = Int64(parts[0]), let c = Int32(parts[1]) else { return nil }
        self.init(millis: m, counter: c)
    }
}

extension HLC: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = HLC(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an HLC (expected 000000000000000-000000): \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
