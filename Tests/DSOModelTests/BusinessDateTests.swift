import DSOModel
import Testing

@Suite("Business dates")
struct BusinessDateTests {
    @Test("parses and prints YYYY-MM-DD", arguments: ["2026-11-22", "2024-02-29", "1970-01-01", "2000-12-31", "0001-01-01"])
    func roundTrip(_ text: String) throws {
        #expect(try #require(BusinessDate(text)).description == text)
    }

    @Test("refuses anything else", arguments: ["2026-02-29", "2026-13-01", "2026-11-31", "26-11-22", "2026-1-22", "2026/11/22", "", "2026-11-22T00:00"])
    func refuses(_ text: String) {
        #expect(BusinessDate(text) == nil)
    }

    @Test("day arithmetic crosses months, years and leap days")
    func arithmetic() throws {
        let d = try #require(BusinessDate("2024-02-28"))
        #expect(d.adding(days: 1).description == "2024-02-29")
        #expect(d.adding(days: 2).description == "2024-03-01")
        #expect(BusinessDate("2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(BusinessDate("2026-11-22")!.days(since: BusinessDate("2026-03-29")!) == 238)
        #expect(BusinessDate("1970-01-01")!.dayNumber == 0)
        #expect(BusinessDate("2026-11-22")! > BusinessDate("2026-11-21")!)
    }

    @Test("overdue days of an item")
    func overdue() throws {
        let eur = CurrencyCode("EUR")!
        let item = OpenItem(id: UUIDv7.make(), customerID: UUIDv7.make(), number: "INV-1", kind: .invoice,
                            issueDate: BusinessDate("2026-09-01")!, dueDate: BusinessDate("2026-10-01")!,
                            initialAmount: Money(minor: 100_00, currency: eur), openAmount: Money(minor: 100_00, currency: eur))
        #expect(item.overdueDays(on: BusinessDate("2026-11-22")!) == 52)
        #expect(item.isOverdue(on: BusinessDate("2026-10-02")!))
        #expect(!item.isOverdue(on: BusinessDate("2026-10-01")!))
    }
}
