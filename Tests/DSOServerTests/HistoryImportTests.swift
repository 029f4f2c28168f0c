import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import PostgresTestSupport
import Testing

@Suite("History import: invoices already paid")
struct HistoryImportTests {
    @Test("each row is an item cleared on its payment date; a row naming an open item clears it then; the same file again changes nothing", arguments: TestEngine.available)
    func clearedOnPaymentDate(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let open = try #require(try fx.store.itemStates().first { !$0.item.isCleared && $0.item.kind == .invoice }).item
        let code = try #require(try fx.store.customers().first { $0.id == open.customerID }).code
        let file = try fx.file("history.csv", """
            customer,number,issue_date,due_date,amount,payment_date,currency
            \(code),H-1,2026-05-02,2026-06-01,1200.50,2026-06-20,\(open.initialAmount.currency)
            \(code),\(open.number),\(open.issueDate),\(open.dueDate),\(open.initialAmount.decimalString),2026-11-20,\(open.initialAmount.currency)

            """)
        let report = try await fx.store.importFile(.history, from: file, mode: .delta, asOf: StoreFixture.asOf)
        #expect(report.applied && report.created == 1 && report.cleared == 1, "\(report)")
        let items = try fx.store.itemStates().map(\.item)
        let paid = try #require(items.first { $0.number == "H-1" })
        #expect(paid.clearedDate == BusinessDate("2026-06-20") && paid.openAmount.minor == 0 && paid.initialAmount.minor == 120_050)
        #expect(paid.openAmount(on: BusinessDate("2026-06-19")!)?.minor == 120_050)
        #expect(paid.openAmount(on: BusinessDate("2026-06-20")!) == nil)
        let cleared = try #require(items.first { $0.id == open.id })
        #expect(cleared.clearedDate == BusinessDate("2026-11-20") && cleared.openAmount.minor == 0)
        let again = try await fx.store.importFile(.history, from: file, mode: .stock, asOf: StoreFixture.asOf)
        #expect(again.applied && again.unchanged == 2 && again.created == 0 && again.cleared == 0)
        #expect(try fx.store.check().isConsistent)
    }

    @Test("a payment before the issue date, after the import's date, or missing is refused with its line; nothing is written", arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let code = try #require(try fx.store.customers().first).code
        let before = try fx.store.counts()
        let file = try fx.file("bad-history.csv", """
            customer,number,issue_date,due_date,amount,payment_date
            \(code),H-1,2026-05-02,2026-06-01,100.00,2026-05-01
            \(code),H-2,2026-05-02,2026-06-01,100.00,2026-12-01
            \(code),H-3,2026-05-02,2026-06-01,100.00,
            \(code),H-4,2026-05-02,2026-06-01,100.00,2026-06-03

            """)
        let report = try await fx.store.importFile(.history, from: file, mode: .delta, asOf: StoreFixture.asOf)
        #expect(!report.applied)
        #expect(report.rejected.map(\.line) == [2, 3, 4])
        #expect(report.rejected[0].reason.contains("before issue_date"))
        #expect(report.rejected[1].reason.contains("after 2026-11-22"))
        #expect(report.rejected[2].reason.contains("payment_date is empty"))
        #expect(try fx.store.counts() == before)
    }

    @Test("the fixtures' history: paid invoices of 12 months, all paid before the as-of date, from their own random stream", arguments: TestEngine.available)
    func fixtures(engine: TestEngine) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let asOf = BusinessDate("2026-11-22")!
        let summary = try FixtureGenerator(customers: 20, seed: 3, asOf: asOf, historyMonths: 12).write(to: root.appendingPathComponent("a"))
        try FixtureGenerator(customers: 20, seed: 3, asOf: asOf).write(to: root.appendingPathComponent("b"))
        for file in ["users.csv", "customers.csv", "portfolio.csv", "contacts.csv", "items.csv"] {
            #expect(try Data(contentsOf: root.appendingPathComponent("a/\(file)")) == Data(contentsOf: root.appendingPathComponent("b/\(file)")))
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("b/history.csv").path))
        let rows = try String(contentsOf: root.appendingPathComponent("a/history.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == summary.history && summary.history > 20 * 6)
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let (issue, paid) = (BusinessDate(fields[3])!, BusinessDate(fields[7])!)
            #expect(paid < asOf && paid >= issue && issue >= asOf.adding(days: -12 * 30 - 30))
        }
    }
}
