import Foundation

/// The exchange rates the central team imports (`dso-server import rates`), every one quoted
/// against one base currency: `rate` units of `currency` for one unit of `base`. Replicated to
/// every replica (change kind `rates.upsert`), so that `report … --in EUR` works offline too.
public struct ExchangeRates: Codable, Hashable, Sendable {
    public struct Rate: Codable, Hashable, Sendable {
        public var date: BusinessDate
        public var currency: CurrencyCode
        /// Units of `currency` for one unit of the base; above zero.
        public var rate: Double

        public init(date: BusinessDate, currency: CurrencyCode, rate: Double) {
            self.date = date
            self.currency = currency
            self.rate = rate
        }
    }

    public var base: CurrencyCode
    /// By currency, then date.
    public var rates: [Rate]

    public init(base: CurrencyCode, rates: [Rate] = []) {
        self.base = base
        self.rates = rates.sorted { ($0.currency, $0.date) < ($1.currency, $1.date) }
    }

    /// Adds `new` rates; one for a date and currency already known replaces it.
    public mutating func merge(_ new: [Rate]) {
        var byKey = Dictionary(rates.map { ("\($0.currency) \($0.date)", $0) }) { _, last in last }
        for rate in new { byKey["\(rate.currency) \(rate.date)"] = rate }
        self = ExchangeRates(base: base, rates: Array(byKey.values))
    }

    /// The latest quote of `currency` on or before `date` (the base needs none: `nil`).
    public func latest(_ currency: CurrencyCode, on date: BusinessDate) -> Rate? {
        rates.last { $0.currency == currency && $0.date <= date }
    }

    /// A conversion of `currencies` into `target` at the latest quotes on or before `date`.
    /// - Throws: ``MissingRates`` naming every currency (the target included) with no quote by then.
    public func conversion(to target: CurrencyCode, on date: BusinessDate, currencies: some Sequence<CurrencyCode>) throws -> Conversion {
        var quotes: [CurrencyCode: Rate?] = [:], missing: [CurrencyCode] = []
        for currency in Set(currencies).union([target]).sorted() {
            if currency == base { quotes[currency] = .some(nil); continue }
            guard let quote = latest(currency, on: date) else { missing.append(currency); continue }
            quotes[currency] = quote
        }
        guard missing.isEmpty else { throw MissingRates(currencies: missing, date: date) }
        let targetPerBase = quotes[target]!?.rate ?? 1
        return Conversion(target: target, base: base, used: quotes.keys.sorted().map { currency in
            let quote = quotes[currency]!
            return Conversion.Used(currency: currency, quoteDate: quote?.date, rate: targetPerBase / (quote?.rate ?? 1))
        })
    }

    /// How amounts were brought into one currency: for each currency, the rate used and the date
    /// of its quote against the base.
    public struct Conversion: Codable, Hashable, Sendable {
        public struct Used: Codable, Hashable, Sendable {
            public var currency: CurrencyCode
            /// The date of this currency's quote against the base (`nil` for the base itself).
            public var quoteDate: BusinessDate?
            /// Units of the target for one unit of `currency` (1 for the target).
            public var rate: Double
        }

        public var target: CurrencyCode
        public var base: CurrencyCode
        public var used: [Used]

        /// `money` in the target currency, rounded to its minor unit (`nil`: a currency the
        /// conversion has no rate for).
        public func convert(_ money: Money) -> Money? {
            if money.currency == target { return money }
            guard let rate = used.first(where: { $0.currency == money.currency })?.rate else { return nil }
            let units = Double(money.minor) / pow(10, Double(money.currency.minorDigits)) * rate
            return Money(minor: Int64((units * pow(10, Double(target.minorDigits))).rounded()), currency: target)
        }
    }

    /// Currencies with no rate on or before the report date.
    public struct MissingRates: Error, Hashable, CustomStringConvertible {
        public var currencies: [CurrencyCode]
        public var date: BusinessDate

        public init(currencies: [CurrencyCode], date: BusinessDate) {
            self.currencies = currencies
            self.date = date
        }

        public var description: String {
            "no exchange rate for \(currencies.map(\.code).joined(separator: ", ")) on or before \(date); import one with `dso-server import rates`"
        }
    }
}
