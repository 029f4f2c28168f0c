import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension RowImporter {
    /// `date, currency, rate, [base]`: `rate` units of `currency` for one unit of `base` (EUR
    /// when the column is absent) on `date`. Every rate of the store has one base. A rate for a
    /// date and currency already known replaces it.
    mutating func importRate(_ row: CSVRow) throws -> RowOutcome {
        guard let date = try date(row, "date") else { throw RowRejection("date is empty") }
        let currencyText = try required(row, "currency")
        guard let currency = CurrencyCode(currencyText) else { throw RowRejection("currency '\(currencyText)' is not a currency code (EUR, USD…)") }
        let baseText = row["base"] ?? "EUR"
        guard let base = CurrencyCode(baseText) else { throw RowRejection("base '\(baseText)' is not a currency code (EUR, USD…)") }
        let rateText = try required(row, "rate")
        guard let rate = Double(rateText), rate.isFinite, rate > 0 else { throw RowRejection("rate '\(rateText)' is not a number above 0") }
        guard currency != base else { throw RowRejection("\(currency) is the base currency: its rate is 1") }
        try once("rate:\(currency):\(date)", line: row.line, what: "the rate of \(currency) on \(date)")
        if rates == nil { rates = try CentralStore.exchangeRates(in: db) ?? ExchangeRates(base: base) }
        guard rates!.base == base else {
            throw RowRejection("base \(base): the store's rates are quoted against \(rates!.base); give every rate against \(rates!.base)")
        }
        let known = rates!.rates.first { $0.currency == currency && $0.date == date }
        rates!.merge([ExchangeRates.Rate(date: date, currency: currency, rate: rate)])
        return known == nil ? .created : known!.rate == rate ? .unchanged : .updated
    }

    /// Records the merged table as one `rates.upsert` change, when the file changed it.
    mutating func finishRates() throws {
        guard let rates, try CentralStore.exchangeRates(in: db) != rates else { return }
        try CentralStore.record(.rates(rates), in: db, stamp: stamp)
    }
}

extension CentralStore {
    /// The imported exchange rates, if any.
    ///
    /// ```sql
    /// SELECT doc FROM settings WHERE key = 'rates'
    /// ```
    static func exchangeRates(in db: some SQLSession) throws -> ExchangeRates? {
        try db.value("SELECT doc FROM settings WHERE key = 'rates'", as: String.self).map(ExchangeRates.fromWire)
    }
}
