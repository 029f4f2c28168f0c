import Foundation

/// Finds the numbers of a well-formed JSON document that are not 64-bit integers (`12.5`,
/// `9223372036854775808`), with their JSON pointers.
///
/// Every number of protocol v1 is an integer (section 4.1), so any other number is a wrong value
/// (422 with its pointer), not malformed JSON. Foundation's `JSONDecoder` reports such a number as
/// "not valid JSON" without a coding path; this second pass, run only on that error, tells the two
/// apart: it decodes the document generically and tries each number as `Int64`.
struct NumberLocator: Decodable {
    /// Where the findings go (passed in `userInfo`).
    final class Findings: @unchecked Sendable {
        var numbers: [(pointer: String, value: String)] = []
    }

    static let findingsKey = CodingUserInfoKey(rawValue: "dso.numberLocator")!

    /// The non-integer numbers of `data`, or `nil` when `data` is not well-formed JSON.
    static func badNumbers(in data: Data) -> [(pointer: String, value: String)]? {
        let findings = Findings()
        let decoder = JSONDecoder()
        decoder.userInfo[findingsKey] = findings
        guard (try? decoder.decode(NumberLocator.self, from: data)) != nil else { return nil }
        return findings.numbers
    }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            while !array.isAtEnd { _ = try array.decode(NumberLocator.self) }
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            for key in object.allKeys { _ = try object.decode(NumberLocator.self, forKey: key) }
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() || (try? value.decode(Bool.self)) != nil || (try? value.decode(String.self)) != nil
            || (try? value.decode(Int64.self)) != nil {
            return
        }
        let text = (try? value.decode(Decimal.self)).map { "\($0)" } ?? "a number out of range"
        (decoder.userInfo[NumberLocator.findingsKey] as? Findings)?.numbers.append((RequestDecoding.pointer(decoder.codingPath), text))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            self.intValue = intValue
            stringValue = String(intValue)
        }
    }
}
