/// An ISO 4217 currency code such as `EUR`, with its number of minor-unit digits.
public struct CurrencyCode: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The three upper-case ASCII letters, first in the high byte: a plain integer, so an amount
    /// or a ledger item holding a currency is copied without reference counting, and integer
    /// order is the code's alphabetical order.
    private let packed: UInt32

    /// The code, `EUR`.
    public var code: String {
        String(decoding: [UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8), UInt8(truncatingIfNeeded: packed)],
               as: UTF8.self)
    }

    /// Accepts three ASCII letters, upper-cased (as ERP files write them: `eur` is `EUR`).
    /// Wire decoding is stricter: see ``init(from:)``.
    public init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)
        if !(bytes.count == 3 && bytes.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })) {
            let upper = text.uppercased()
            guard upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
            bytes = Array(upper.utf8)
        }
        guard let value = CurrencyCode(upperASCII: bytes) else { return nil }
        self = value
    }

    /// Exactly three upper-case ASCII letters, as a store's column holds them (read in place).
    public init?(upperASCII bytes: some Collection<UInt8>) {
        guard bytes.count == 3 else { return nil }
        var packed: UInt32 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { return nil }
            packed = packed << 8 | UInt32(byte)
        }
        self.packed = packed
    }

    /// Digits after the decimal point (2 for most currencies).
    public var minorDigits: Int {
        switch code {
        case "JPY", "KRW", "CLP", "ISK", "VND", "XOF", "XAF", "XPF", "UGX", "PYG", "RWF", "KMF", "GNF", "DJF", "VUV": return 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": return 3
        default: return 2
        }
    }

    public var description: String { code }
    public static func < (l: CurrencyCode, r: CurrencyCode) -> Bool { l.packed < r.packed }

    /// Decodes exactly three upper-case ASCII letters (`EUR`): a wire value is never rewritten.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }), let value = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a currency code (three upper-case letters, e.g. EUR)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// An amount in integer minor units (cents) of one currency. Never a floating-point number.
public struct Money: Hashable, Codable, Sendable, CustomStringConvertible {
    public var minor: Int64
    public var currency: CurrencyCode

    public init(minor: Int64, currency: CurrencyCode) {
        self.minor = minor
        self.currency = currency
    }

    /// Parses a decimal amount as an ERP writes it (`1234.5`, `-12.30`, `1 234,56`) exactly,
    /// refusing more decimals than the currency has.
    public init?(decimal text: String, currency: CurrencyCode) {
        var s = text
        // Plain `1234.56` (what ERP exports mostly hold) needs no cleaning; Foundation's
        // trimming and replacing cost more than the rest of an import row.
        if !text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) {
            s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
            s = s.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: ",", with: ".")
        }
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() } else if s.hasPrefix("+") { s.removeFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isASCIIDigit), fraction.count <= currency.minorDigits,
              !(parts.count == 2 && fraction.isEmpty) else { return nil }
        let padded = fraction + String(repeating: "0", count: currency.minorDigits - fraction.count)
        guard let w = Int64(whole), let f = Int64(padded.isEmpty ? "0" : padded) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        let (product, overflow) = w.multipliedReportingOverflow(by: scale)
        let (sum, overflowAgain) = product.addingReportingOverflow(f)
        guard !overflow, !overflowAgain else { return nil }
        minor = negative ? -sum : sum
        self.currency = currency
    }

    /// `1234.56` for 123456 EUR cents; no grouping, for files and JSON.
    public var decimalString: String {
        let digits = currency.minorDigits
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        guard digits > 0 else { return sign + String(magnitude) }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let frac = String(magnitude % scale)
        return sign + String(magnitude / scale) + "." + String(repeating: "0", count: digits - frac.count) + frac
    }

    /// `1,234.56 EUR`, grouped, for people.
    public var description: String {
        let plain = decimalString
        let negative = plain.hasPrefix("-")
        let body = negative ? String(plain.dropFirst()) : plain
        let parts = body.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction + " " + currency.code
    }
}

extension Int64 {
    /// `self + other`, held at the bounds instead of trapping (sums of amounts from outside).
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
