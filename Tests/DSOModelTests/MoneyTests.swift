import DSOModel
import Testing

@Suite("Money in minor units")
struct MoneyTests {
    let eur = CurrencyCode("EUR")!
    let jpy = CurrencyCode("JPY")!

    @Test("parses ERP decimals exactly")
    func parses() {
        #expect(Money(decimal: "1234.56", currency: eur)?.minor == 123_456)
        #expect(Money(decimal: "1234.5", currency: eur)?.minor == 123_450)
        #expect(Money(decimal: "-12.30", currency: eur)?.minor == -1_230)
        #expect(Money(decimal: "1 234,56", currency: eur)?.minor == 123_456)
        #expect(Money(decimal: "17439", currency: jpy)?.minor == 17_439)
        #expect(Money(decimal: "0.10", currency: eur)?.minor == 10)
        #expect(Money(decimal: "+12.5", currency: eur)?.minor == 1_250)
        #expect(Money(decimal: " 12.50\t", currency: eur)?.minor == 1_250)
        #expect(Money(decimal: "12\u{00A0}345,6", currency: eur)?.minor == 1_234_560)
        #expect(Money(decimal: "-+1", currency: eur) == nil)
    }

    @Test("refuses what is not an amount", arguments: ["", "abc", "1.234", "1.", ".5", "1e3", "--1", "12.3.4"])
    func refuses(_ text: String) {
        #expect(Money(decimal: text, currency: CurrencyCode("EUR")!) == nil)
    }

    @Test("refuses decimals a currency does not have")
    func currencyDigits() {
        #expect(Money(decimal: "10.5", currency: jpy) == nil)
        #expect(jpy.minorDigits == 0 && eur.minorDigits == 2 && CurrencyCode("KWD")!.minorDigits == 3)
    }

    @Test("prints for files and for people")
    func prints() {
        #expect(Money(minor: 123_456_789, currency: eur).decimalString == "1234567.89")
        #expect(Money(minor: 123_456_789, currency: eur).description == "1,234,567.89 EUR")
        #expect(Money(minor: -5, currency: eur).description == "-0.05 EUR")
        #expect(Money(minor: 152_747, currency: jpy).description == "152,747 JPY")
    }

    @Test("currency codes are three letters")
    func codes() {
        #expect(CurrencyCode("eur")?.code == "EUR")
        #expect(CurrencyCode("EURO") == nil)
        #expect(CurrencyCode("E1R") == nil)
    }

    @Test("amounts beyond 64 bits are refused, never a crash")
    func overflow() throws {
        let eur = CurrencyCode("EUR")!
        #expect(Money(decimal: "92233720368547758.07", currency: eur)?.minor == Int64.max)
        #expect(Money(decimal: "92233720368547758.08", currency: eur) == nil)
        #expect(Money(decimal: "92233720368547758.99", currency: eur) == nil)
        #expect(throws: DomainError.self) { try UserInput.amount("92233720368547758.99", currency: eur) }
        #expect(Int64.max.addingSaturated(1) == .max && Int64.min.addingSaturated(-1) == .min)
    }
}
