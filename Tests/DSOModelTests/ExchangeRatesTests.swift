import DSOModel
import Foundation
import Testing

@Suite("Exchange rates (hand-worked)")
struct ExchangeRatesTests {
    static let eur = CurrencyCode("EUR")!, usd = CurrencyCode("USD")!, gbp = CurrencyCode("GBP")!, jpy = CurrencyCode("JPY")!

    var rates: ExchangeRates {
        var rates = ExchangeRates(base: ExchangeRatesTests.eur)
        rates.merge([ExchangeRates.Rate(date: d("2026-10-01"), currency: ExchangeRatesTests.usd, rate: 1.25),
                     ExchangeRates.Rate(date: d("2026-11-01"), currency: ExchangeRatesTests.usd, rate: 1.10),
                     ExchangeRates.Rate(date: d("2026-11-01"), currency: ExchangeRatesTests.gbp, rate: 0.80),
                     ExchangeRates.Rate(date: d("2026-11-01"), currency: ExchangeRatesTests.jpy, rate: 160)])
        return rates
    }

    @Test("the latest quote on or before the date; cross rates through the base; minor units of each currency")
    func conversion() throws {
        // On 2026-10-15 only the October USD quote exists: 100.00 USD = 100 / 1.25 = 80.00 EUR.
        let october = try rates.conversion(to: ExchangeRatesTests.eur, on: d("2026-10-15"), currencies: [ExchangeRatesTests.usd])
        #expect(october.convert(Money(minor: 10_000, currency: ExchangeRatesTests.usd)) == Money(minor: 8_000, currency: ExchangeRatesTests.eur))
        #expect(october.used.first { $0.currency == ExchangeRatesTests.usd }?.quoteDate == d("2026-10-01"))
        // In GBP on 2026-11-22: 110.00 USD → 100 EUR → 80.00 GBP; 16,000 JPY (no minor unit) → 100 EUR → 80.00 GBP.
        let november = try rates.conversion(to: ExchangeRatesTests.gbp, on: d("2026-11-22"),
                                            currencies: [ExchangeRatesTests.usd, ExchangeRatesTests.jpy, ExchangeRatesTests.eur])
        #expect(november.convert(Money(minor: 11_000, currency: ExchangeRatesTests.usd)) == Money(minor: 8_000, currency: ExchangeRatesTests.gbp))
        #expect(november.convert(Money(minor: 16_000, currency: ExchangeRatesTests.jpy)) == Money(minor: 8_000, currency: ExchangeRatesTests.gbp))
        #expect(november.convert(Money(minor: -12_345, currency: ExchangeRatesTests.eur)) == Money(minor: -9_876, currency: ExchangeRatesTests.gbp))
        // Into JPY: 1.00 EUR → 160 JPY.
        let yen = try rates.conversion(to: ExchangeRatesTests.jpy, on: d("2026-11-22"), currencies: [ExchangeRatesTests.eur])
        #expect(yen.convert(Money(minor: 100, currency: ExchangeRatesTests.eur)) == Money(minor: 160, currency: ExchangeRatesTests.jpy))
    }

    @Test("a currency with no quote by the date is named in the error; a later quote replaces one of the same day")
    func missing() throws {
        #expect(throws: ExchangeRates.MissingRates(currencies: [ExchangeRatesTests.gbp, ExchangeRatesTests.usd], date: d("2026-09-30"))) {
            try rates.conversion(to: ExchangeRatesTests.eur, on: d("2026-09-30"), currencies: [ExchangeRatesTests.usd, ExchangeRatesTests.gbp])
        }
        var replaced = rates
        replaced.merge([ExchangeRates.Rate(date: d("2026-11-01"), currency: ExchangeRatesTests.usd, rate: 1.0)])
        #expect(replaced.rates.count == 4 && replaced.latest(ExchangeRatesTests.usd, on: d("2026-11-30"))?.rate == 1.0)
    }

    @Test("converted inputs: a report computed from them is in one currency")
    func inputs() throws {
        var fx = CollectionFixture()
        fx.pay("A", 20_000, on: "2026-11-05")
        var rates = ExchangeRates(base: ExchangeRatesTests.usd)
        rates.merge([ExchangeRates.Rate(date: d("2026-11-01"), currency: ExchangeRatesTests.eur, rate: 0.5)])
        let conversion = try rates.conversion(to: ExchangeRatesTests.usd, on: d("2026-11-22"), currencies: [ExchangeRatesTests.eur])
        let file = fx.file.converted(by: conversion)
        #expect(file.items.values.allSatisfy { $0.openAmount.currency == ExchangeRatesTests.usd })
        #expect(file.items[fx["A"].id]?.openAmount.minor == 200_000 && file.payments.first?.amount.minor == 40_000)
    }
}
