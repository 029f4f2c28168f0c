import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import Testing

/// A central store in a temporary directory, with sample users and customers imported.
struct StoreFixture {
    static let asOf = BusinessDate("2026-11-22")!
    let directory: URL
    let store: CentralStore
    /// The PostgreSQL database of the store (`nil` on SQLite).
    let location: PostgresLocation?

    /// A store on `engine` (a database of its own in the test run's cluster on PostgreSQL) with
    /// the fixtures' users, customers, portfolios, contacts and (unless not wanted) items imported.
    init(customers: Int = 6, importItems: Bool = true, engine: TestEngine = .sqlite) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-store-\(UUID().uuidString)")
        try FixtureGenerator(customers: customers, seed: 9, asOf: StoreFixture.asOf).write(to: directory.appendingPathComponent("fixtures"))
        switch engine {
        case .sqlite:
            location = nil
            store = try CentralStore(dataDirectory: directory.appendingPathComponent("data"))
        case .postgres:
            location = try await TestPostgres.shared.get().createDatabase()
            store = try CentralStore(postgres: location!, poolSize: 4)
        }
        var steps: [(ImportKind, String)] = [(.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"), (.contacts, "contacts.csv")]
        if importItems { steps.append((.items, "items.csv")) }
        for (kind, file) in steps {
            let report = try await store.importFile(kind, from: fixture(file), mode: .stock, asOf: StoreFixture.asOf)
            #expect(report.applied, "\(file): \(report.rejected)")
        }
    }

    /// The same store opened again (a restart, or another server of a PostgreSQL store).
    func reopen() throws -> CentralStore {
        if let location { return try CentralStore(postgres: location, poolSize: 4) }
        return try CentralStore(dataDirectory: directory.appendingPathComponent("data"))
    }

    func fixture(_ name: String) -> URL { directory.appendingPathComponent("fixtures/\(name)") }

    /// Writes a CSV file next to the fixtures.
    func file(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("ERP imports")
struct ImportTests {
    @Test("a stock file clears the open items it no longer lists", arguments: TestEngine.available)
    func stockClearsMissing(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let lines = try String(contentsOf: fx.fixture("items.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let dropped = lines[1...3].map { $0.split(separator: ",")[1] }
        let stock = try fx.file("stock.csv", ([lines[0]] + lines[4...]).joined(separator: "\n") + "\n")
        let before = try fx.store.counts()
        let report = try await fx.store.importFile(.items, from: stock, mode: .stock, asOf: BusinessDate("2026-11-23")!)
        #expect(report.applied)
        #expect(report.cleared == 3)
        #expect(report.unchanged == lines.count - 4)
        #expect(report.created == 0 && report.updated == 0 && report.rejected.isEmpty)
        let cleared = try fx.store.itemStates().filter { $0.item.isCleared }
        #expect(Set(cleared.map { Substring($0.item.number) }) == Set(dropped))
        #expect(cleared.allSatisfy { $0.item.clearedDate == BusinessDate("2026-11-23") && $0.item.openAmount.minor == 0 })
        // Each clearing is a change replicas will pull.
        #expect(try fx.store.counts()["changes"]! - before["changes"]! == 3)
        // Importing the same stock again changes nothing.
        let again = try await fx.store.importFile(.items, from: stock, mode: .stock, asOf: BusinessDate("2026-11-23")!)
        #expect(again.cleared == 0 && again.unchanged == lines.count - 4)
        #expect(try fx.store.counts()["changes"]! - before["changes"]! == 3)
    }

    @Test("a delta file changes only its rows and clears by date or zero amount", arguments: TestEngine.available)
    func delta(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first)
        let file = try fx.file("delta.csv", """
            customer;number;kind;issue_date;due_date;amount;open_amount;currency;cleared_date
            \(customer.code);NEW-1;invoice;2026-11-01;2026-12-01;1500.00;1500.00;EUR;
            \(customer.code);NEW-2;credit_note;2026-11-02;2026-11-02;-200,50;-200,50;EUR;
            \(customer.code);NEW-3;invoice;2026-10-01;2026-10-31;99.99;0;EUR;

            """)
        let openBefore = try fx.store.counts()["open_items"]!
        let report = try await fx.store.importFile(.items, from: file, mode: .delta, asOf: StoreFixture.asOf)
        #expect(report.applied && report.created == 3 && report.rejected.isEmpty)
        #expect(try fx.store.counts()["open_items"]! == openBefore + 2)
        let credit = try #require(try fx.store.itemStates().first { $0.item.number == "NEW-2" }).item
        #expect(credit.openAmount == Money(minor: -20_050, currency: CurrencyCode("EUR")!))
        let update = try fx.file("delta2.csv", """
            customer,number,issue_date,due_date,amount,open_amount,currency,cleared_date
            \(customer.code),NEW-1,2026-11-01,2026-12-01,1500.00,0,EUR,2026-11-20

            """)
        let second = try await fx.store.importFile(.items, from: update, mode: .delta, asOf: StoreFixture.asOf)
        #expect(second.cleared == 1 && second.read == 1)
        let cleared = try #require(try fx.store.itemStates().first { $0.item.number == "NEW-1" }).item
        #expect(cleared.clearedDate == BusinessDate("2026-11-20"))
    }

    @Test("an items file of several batches reads back exactly (COPY on PostgreSQL): odd characters, the log in row order, pushes numbered after it",
          arguments: TestEngine.available)
    func bulkItems(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let customers = try fx.store.customers()
        let head = try fx.store.headSequence()
        // More rows than one COPY batch, with numbers COPY's text format must escape.
        let odd = ["A\\B-1", "TAB\tIN", "quote\"d", "back\\slash\\n", "é-ü-✓"]
        var lines = ["customer,number,issue_date,due_date,amount,currency"]
        for n in 0..<4_500 {
            let number = n < odd.count ? odd[n] : "BULK-\(n)"
            let quoted = "\"" + number.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines.append("\(customers[n % customers.count].code),\(quoted),2026-10-01,2026-12-01,\(n + 1).00,EUR")
        }
        let file = try fx.file("bulk.csv", lines.joined(separator: "\n") + "\n")
        let report = try await fx.store.importFile(.items, from: file, mode: .delta, asOf: StoreFixture.asOf)
        #expect(report.applied && report.created == 4_500, "\(report.rejected.prefix(3))")
        let numbers = Set(try fx.store.itemStates().map(\.item.number))
        for number in odd { #expect(numbers.contains(number), "\(number)") }
        // One change per item, numbered in the file's order right after the head.
        let logged = try fx.store.backend.readNow { db in
            try db.rows("SELECT seq, payload FROM changes WHERE seq > ? ORDER BY seq", head).map { row in
                (row.get(0, as: Int64.self)!, try OpenItem.fromWire(row.text(1)).number)
            }
        }
        #expect(logged.map(\.0) == Array(head + 1...head + 4_500))
        #expect(logged.prefix(odd.count).map(\.1) == odd)
        #expect(try fx.store.check().isConsistent)
        // A push after it gets the next number.
        let item = try #require(try fx.store.itemStates().first { $0.item.number == "BULK-4499" }).item
        let q = Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted", comment: "c",
                              statusDate: StoreFixture.asOf, author: "claire", replicaID: UUIDv7.make(), hlc: HLCClock().now())
        let answer = try await fx.store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: User(login: "claire", role: .manager))
        #expect(answer.results.first?.seq == head + 4_501)
    }

    @Test("fields padded with spaces or tabs read as their trimmed values; empty padded fields are absent", arguments: TestEngine.available)
    func padded(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first)
        let file = try fx.file("padded.csv", "customer,number,kind,issue_date,due_date,amount,open_amount,currency,cleared_date\n"
                               + " \(customer.code) ,\tPAD-1 , invoice,2026-11-01 , 2026-12-01,  1 500.25 , 1500.25\t, EUR ,  \n")
        let report = try await fx.store.importFile(.items, from: file, mode: .delta, asOf: StoreFixture.asOf)
        #expect(report.applied && report.created == 1, "\(report.rejected)")
        let item = try #require(try fx.store.itemStates().first { $0.item.number == "PAD-1" }).item
        #expect(item.customerID == customer.id && item.dueDate == BusinessDate("2026-12-01") && !item.isCleared)
        #expect(item.openAmount == Money(minor: 150_025, currency: CurrencyCode("EUR")!))
    }

    @Test("a file with bad rows reports each by line and changes nothing", arguments: TestEngine.available)
    func badRowsChangeNothing(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first)
        let file = try fx.file("bad.csv", """
            customer,number,kind,issue_date,due_date,amount,open_amount,currency
            \(customer.code),OK-1,invoice,2026-11-01,2026-12-01,10.00,10.00,EUR
            \(customer.code),BAD-DATE,invoice,2026-02-30,2026-12-01,10.00,10.00,EUR
            NOBODY,BAD-CUSTOMER,invoice,2026-11-01,2026-12-01,10.00,10.00,EUR
            \(customer.code),"BAD, AMOUNT",invoice,2026-11-01,2026-12-01,10.001,10.00,EUR
            \(customer.code),BAD-SIGN,credit_note,2026-11-01,2026-12-01,10.00,10.00,EUR
            \(customer.code),BAD-OPEN,invoice,2026-11-01,2026-12-01,10.00,20.00,EUR
            \(customer.code),OK-1,invoice,2026-11-01,2026-12-01,10.00,10.00,EUR
            \(customer.code),BAD-KIND,receipt,2026-11-01,2026-12-01,10.00,10.00,EUR

            """)
        let before = try fx.store.counts()
        let report = try await fx.store.importFile(.items, from: file, mode: .stock, asOf: StoreFixture.asOf)
        #expect(!report.applied)
        #expect(report.read == 8)
        #expect(report.rejected.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(report.rejected[0].reason.contains("issue_date"))
        #expect(report.rejected[1].reason.contains("unknown customer 'NOBODY'"))
        #expect(report.rejected[2].reason.contains("10.001"))
        #expect(report.rejected[5].reason.contains("line 2"))
        #expect(report.cleared == 0)
        #expect(try fx.store.counts() == before)
    }

    @Test("a header without a required column is refused at line 1", arguments: TestEngine.available)
    func missingColumn(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let file = try fx.file("nocol.csv", "customer,number,due_date,amount\nC0001,X,2026-01-01,1\n")
        let report = try await fx.store.importFile(.items, from: file)
        #expect(!report.applied)
        #expect(report.rejected.first?.line == 1)
        #expect(report.rejected.first?.reason.contains("issue_date") == true)
    }

    @Test("quoted fields with separators and newlines keep line numbers right", arguments: TestEngine.available)
    func quoting(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let file = try fx.file("customers.csv",
            "code,name,currency,address\nQ1,\"Dupont, Fils & \"\"Cie\"\"\",EUR,\"12 rue Haute\nBâtiment B\"\nQ2,,EUR,nowhere\n")
        let report = try await fx.store.importFile(.customers, from: file)
        #expect(report.rejected.map(\.line) == [4])
        #expect(report.rejected.first?.reason == "name is empty")
        let ok = try fx.file("customers-ok.csv", "code,name,currency,address\nQ1,\"Dupont, Fils & \"\"Cie\"\"\",EUR,\"12 rue Haute\nBâtiment B\"\n")
        #expect(try await fx.store.importFile(.customers, from: ok).applied)
        let q1 = try #require(try fx.store.customer(code: "Q1"))
        #expect(q1.name == "Dupont, Fils & \"Cie\"")
        #expect(q1.address == "12 rue Haute\nBâtiment B")
    }

    @Test("portfolio assignment names collectors only", arguments: TestEngine.available)
    func portfolio(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let file = try fx.file("p.csv", "customer,collector\nC0001,claire\nC0002,ghost\nC0003,bruno\n")
        let report = try await fx.store.importFile(.portfolio, from: file)
        #expect(report.rejected.map(\.line) == [2, 3])
        #expect(report.rejected[0].reason.contains("manager"))
    }

    @Test("the fixture generator is deterministic and realistic", arguments: TestEngine.available)
    func fixtures(engine: TestEngine) throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("fx-a-\(UUID().uuidString)")
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("fx-b-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let summary = try FixtureGenerator(customers: 50, seed: 3, asOf: StoreFixture.asOf).write(to: a)
        try FixtureGenerator(customers: 50, seed: 3, asOf: StoreFixture.asOf).write(to: b)
        for name in ["users.csv", "customers.csv", "portfolio.csv", "contacts.csv", "items.csv"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name)")
        }
        #expect(summary.customers == 50 && summary.items >= 500)
        let items = try String(contentsOf: a.appendingPathComponent("items.csv"), encoding: .utf8)
        #expect(Set(items.split(separator: "\n").dropFirst().map { $0.split(separator: ",").last! }).count >= 3)
    }
}
