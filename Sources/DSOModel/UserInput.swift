import Foundation

/// What a person types where a program wants a value: one rule per kind of value, the same in
/// every tool, independent of the machine's locale.
public enum UserInput {
    /// Parses an amount in `currency`: digits, optionally a dot and at most the currency's
    /// decimals (`3000`, `3000.50`; `1500` JPY). No sign, no thousands separator, no comma:
    /// `3,000`, `3000,50` and `3,50` are refused rather than guessed.
    ///
    /// - Throws: ``DomainError`` `invalid_value`, saying what is wrong with the text.
    public static func amount(_ text: String, currency: CurrencyCode) throws(DomainError) -> Money {
        let value = text.trimmingCharacters(in: .whitespaces)
        func refuse(_ why: String) -> DomainError {
            DomainError(.invalidValue, "'\(text)' is not an amount: \(why)")
        }
        let example = currency.minorDigits > 0 ? "3000 or 3000.5" + String(repeating: "0", count: currency.minorDigits - 1) : "3000"
        guard !value.isEmpty else { throw refuse("write digits, e.g. \(example)") }
        if value.hasPrefix("-") { throw refuse("an amount is positive") }
        if value.contains(",") || value.contains(" ") || value.contains("\u{00A0}") || value.contains("'") {
            throw refuse("use a dot for decimals and no thousands separator, e.g. \(example)")
        }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw refuse("write digits and at most one dot, e.g. \(example)")
        }
        if parts.count == 2, parts[1].count > currency.minorDigits {
            throw refuse(currency.minorDigits == 0 ? "\(currency) has no decimals"
                         : "\(currency) has \(currency.minorDigits) decimals, not \(parts[1].count)")
        }
        guard let money = Money(decimal: value, currency: currency) else { throw refuse("it is too large") }
        guard money.minor > 0 else { throw refuse("an amount is more than zero") }
        return money
    }

    /// Parses a business date: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, or a number of
    /// days from today, `+3d` / `-2d` (`+2w` for weeks), within ten years of today.
    ///
    /// - Throws: ``DomainError`` `invalid_value`, listing the accepted forms.
    public static func date(_ text: String, today: BusinessDate) throws(DomainError) -> BusinessDate {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        let forms = "use YYYY-MM-DD, today, tomorrow, yesterday or +3d"
        switch value {
        case "today": return today
        case "tomorrow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if let date = BusinessDate(value) { return date }
        if let sign = value.first, sign == "+" || sign == "-", let unit = value.last, unit == "d" || unit == "w" {
            let digits = value.dropFirst().dropLast()
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigit), let count = Int(digits) else {
                throw DomainError(.invalidValue, "'\(text)' is not a date: \(forms)")
            }
            let days = count * (unit == "w" ? 7 : 1)
            guard days <= 3650 else { throw DomainError(.invalidValue, "'\(text)' is more than ten years away") }
            return today.adding(days: sign == "+" ? days : -days)
        }
        throw DomainError(.invalidValue, "'\(text)' is not a date: \(forms)")
    }
}
