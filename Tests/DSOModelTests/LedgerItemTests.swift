import DSOModel
import Foundation
import Testing

@Suite("LedgerItem: the reports' view of an item, from an OpenItem or read in place from a store's columns")
struct LedgerItemTests {
    /// The columns of one row, as a store hands them out: text as UTF-8 bytes (`nil` for NULL).
    struct Columns {
        var text: [Int: String?]
        var integers: [Int: Int64]

        func read(from start: Int) -> LedgerItem? {
            let buffers = text.mapValues { $0.map { Array($0.utf8) } }
            var kept: [Int: UnsafeMutableBufferPointer<UInt8>] = [:]
            defer { kept.values.forEach { $0.deallocate() } }
            for (index, bytes) in buffers {
                guard let bytes else { continue }
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
                _ = buffer.initialize(from: bytes)
                kept[index] = buffer
            }
            return LedgerItem(columnsFrom: start, text: { kept[$0].map { UnsafeBufferPointer($0) } }, integer: { integers[$0] ?? 0 })
        }
    }

    @Test("the columns in LedgerItem.columns order, from any start: the same item as from its OpenItem")
    func columns() throws {
        let columns = Columns(text: [2: "credit_note", 3: "2026-10-01", 4: "2026-10-31", 7: "EUR", 8: "2026-11-05"],
                              integers: [5: -12_000, 6: 0])
        let item = try #require(columns.read(from: 2))
        let open = OpenItem(id: UUID(), customerID: UUID(), number: "CN-1", kind: .creditNote, issueDate: BusinessDate("2026-10-01")!,
                            dueDate: BusinessDate("2026-10-31")!, initialAmount: Money(minor: -12_000, currency: CurrencyCode("EUR")!),
                            openAmount: Money(minor: 0, currency: CurrencyCode("EUR")!), clearedDate: BusinessDate("2026-11-05")!)
        #expect(item == LedgerItem(open))
        #expect(LedgerItem.columns.split(separator: ",").count == 7)
    }

    @Test("a NULL clearing date is an open item; a bad kind, date or currency is no item")
    func badColumns() {
        let good: [Int: String?] = [0: "invoice", 1: "2026-10-01", 2: "2026-10-31", 5: "USD", 6: nil]
        #expect(Columns(text: good, integers: [3: 100, 4: 100]).read(from: 0)?.clearedDate == nil)
        for (index, value) in [(0, "bill"), (1, "2026-02-30"), (2, "31/10/2026"), (5, "US"), (6, "someday")] as [(Int, String)] {
            var text = good
            text[index] = value
            #expect(Columns(text: text, integers: [3: 100, 4: 100]).read(from: 0) == nil, "column \(index) = \(value)")
        }
        var missing = good
        missing[1] = .some(nil)
        #expect(Columns(text: missing, integers: [:]).read(from: 0) == nil)
    }

    @Test("open on a date: the OpenItem rule and the LedgerItem rule are one (payments after the date added back)")
    func openOnDate() throws {
        let eur = CurrencyCode("EUR")!
        let item = OpenItem(id: UUID(), customerID: UUID(), number: "I-1", kind: .invoice, issueDate: BusinessDate("2026-10-01")!,
                            dueDate: BusinessDate("2026-10-31")!, initialAmount: Money(minor: 10_000, currency: eur),
                            openAmount: Money(minor: 4_000, currency: eur))
        let paid = Payment(id: UUID(), customerID: item.customerID, itemID: item.id, date: BusinessDate("2026-11-10")!,
                           amount: Money(minor: 6_000, currency: eur))
        #expect(item.openAmount(on: BusinessDate("2026-11-09")!, payments: [paid])?.minor == 10_000)
        #expect(LedgerItem(item).openMinor(on: BusinessDate("2026-11-10")!, payments: [paid]) == 4_000)
        #expect(LedgerItem(item).openMinor(on: BusinessDate("2026-09-30")!, payments: [paid]) == nil)
    }

    @Test("a report ledger: one per currency, items by id, payments by date; the bytes read back as the same entries; bad bytes are refused")
    func reportLedger() throws {
        let eur = CurrencyCode("EUR")!, usd = CurrencyCode("USD")!
        let customer = UUIDv7.make()
        func item(_ number: String, _ currency: CurrencyCode, cleared: String? = nil) -> OpenItem {
            OpenItem(id: UUIDv7.make(), customerID: customer, number: number, kind: number.hasPrefix("CN") ? .creditNote : .invoice,
                     issueDate: BusinessDate("2026-09-01")!, dueDate: BusinessDate("2026-10-01")!,
                     initialAmount: Money(minor: number.hasPrefix("CN") ? -500 : 10_000, currency: currency),
                     openAmount: Money(minor: cleared == nil ? 4_000 : 0, currency: currency), clearedDate: cleared.flatMap { BusinessDate($0) })
        }
        let a = item("I-1", eur), b = item("CN-2", eur), c = item("I-3", usd, cleared: "2026-11-02")
        let late = Payment(id: UUIDv7.make(), customerID: customer, itemID: a.id, date: BusinessDate("2026-11-01")!, amount: Money(minor: 1_000, currency: eur))
        let early = Payment(id: UUIDv7.make(), customerID: customer, itemID: a.id, date: BusinessDate("2026-10-15")!, amount: Money(minor: 5_000, currency: eur))
        let ledgers = ReportLedger.build(items: [c, b, a].map { ($0.id, LedgerItem($0)) }, payments: [late, early])
        #expect(ledgers.map(\.currency) == [eur, usd])
        #expect(ledgers[0].entries.map(\.id) == [a.id, b.id])
        #expect(ledgers[0].entries[0].payments == [LedgerPayment(early), LedgerPayment(late)])
        #expect(ledgers[1].entries[0].item.clearedDate == BusinessDate("2026-11-02"))
        for ledger in ledgers {
            let bytes = ledger.encoded()
            #expect(bytes.count == 1 + ledger.entries.count * 47 + ledger.entries.map(\.payments.count).reduce(0, +) * 12)
            #expect(ReportLedger.decode(bytes, currency: ledger.currency) == ledger)
            #expect(ReportLedger.decode(Array(bytes.dropLast()), currency: ledger.currency) == nil)
            #expect(ReportLedger.decode([2] + bytes.dropFirst(), currency: ledger.currency) == nil)
        }
        #expect(ReportLedger.decode([ReportLedger.version], currency: eur)?.entries == [])
    }
}
