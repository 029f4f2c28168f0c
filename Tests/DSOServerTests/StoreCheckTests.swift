import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import GRDB
import Testing

@Suite("dso-server check, on SQLite and PostgreSQL")
struct StoreCheckTests {
    let alice = User(login: "alice", role: .collector)

    /// A store with imports and concurrent pushes of qualifications on the same items.
    func busyStore(_ engine: TestEngine) async throws -> StoreFixture {
        let fx = try await StoreFixture(engine: engine)
        let items = try fx.store.itemStates().map(\.item).filter { !$0.isCleared }
        let mine = Set(try fx.store.customers().filter { $0.collector == "alice" }.map(\.id))
        let targets = Array(items.filter { mine.contains($0.customerID) }.prefix(4))
        let clock = HLCClock()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                let changes = targets.map { item in
                    Change(Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted",
                                         comment: "called", statusDate: StoreFixture.asOf, author: "alice", replicaID: UUIDv7.make(),
                                         hlc: clock.now()))
                }
                group.addTask { _ = try await fx.store.push(PushRequest(replicaID: UUIDv7.make(), changes: changes), by: alice) }
            }
            try await group.waitForAll()
        }
        return fx
    }

    /// Runs statements (separated by `;` at the end of a line) behind the store's back.
    func corrupt(_ fx: StoreFixture, _ sql: String) throws {
        try fx.store.backend.writeNow { db in
            for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try db.execute(statement.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";")), [])
            }
        }
    }

    @Test("a store written by imports and concurrent pushes is consistent", arguments: TestEngine.available)
    func consistent(engine: TestEngine) async throws {
        let fx = try await busyStore(engine)
        defer { fx.remove() }
        let report = try fx.store.check()
        #expect(report.isConsistent, "\(report.problems)")
        #expect(report.items > 0 && report.qualifications == 24 && report.rows > report.items)
    }

    @Test("derived state that drifted from the facts is found, and --repair rebuilds it", arguments: TestEngine.available)
    func repairs(engine: TestEngine) async throws {
        let fx = try await busyStore(engine)
        defer { fx.remove() }
        try corrupt(fx, """
            UPDATE items SET open_minor = open_minor + 1 WHERE id = (SELECT id FROM items ORDER BY id LIMIT 1);
            UPDATE items SET cleared = 1 - cleared WHERE id = (SELECT id FROM items ORDER BY id LIMIT 1 OFFSET 1);
            UPDATE customers SET collector = 'mallory' WHERE id = (SELECT id FROM customers ORDER BY id LIMIT 1);
            UPDATE item_current SET qualification_id = (SELECT id FROM qualifications ORDER BY id LIMIT 1)
                WHERE item_id = (SELECT item_id FROM item_current ORDER BY item_id DESC LIMIT 1)
                AND qualification_id != (SELECT id FROM qualifications ORDER BY id LIMIT 1);
            DELETE FROM qualification_items WHERE item_id = (SELECT item_id FROM item_current ORDER BY item_id LIMIT 1)
                AND qualification_id = (SELECT min(qualification_id) FROM qualification_items
                    WHERE item_id = (SELECT item_id FROM item_current ORDER BY item_id LIMIT 1));
            DELETE FROM report_ledgers WHERE customer_id = (SELECT max(customer_id) FROM report_ledgers);
            """)
        try fx.store.backend.writeNow { db in
            try db.execute("INSERT INTO report_ledgers(customer_id, currency, entries) VALUES ('nobody', 'EUR', ?)", [UInt8]([1]))
        }
        let found = try fx.store.check()
        let text = found.problems.joined(separator: "\n")
        #expect(text.contains("its report ledger in EUR differs from its items and payments"))
        #expect(text.contains("report ledger nobody EUR: no such customer items"))
        #expect(text.contains("the typed columns differ from its payload"))
        #expect(text.contains("the cleared flag differs from its clearing date"))
        #expect(text.contains("the code or collector column differs from its payload"))
        #expect(text.contains("its current status should be qualification"))
        #expect(text.contains("its link to item"))
        #expect(found.unrepairable == 0)
        let repaired = try fx.store.check(repair: true)
        #expect(repaired.repaired && repaired.problemCount == found.problemCount)
        let after = try fx.store.check()
        #expect(after.isConsistent, "\(after.problems)")
    }

    @Test("a payload that differs from the log is reported as unrepairable and left as it is", arguments: TestEngine.available)
    func facts(engine: TestEngine) async throws {
        let fx = try await busyStore(engine)
        defer { fx.remove() }
        try corrupt(fx, "UPDATE qualifications SET doc = replace(doc, 'called', 'emailed') WHERE id = (SELECT min(id) FROM qualifications)")
        let found = try fx.store.check(repair: true)
        #expect(found.unrepairable == 1 && found.problems.first?.contains("its payload differs from the log's") == true)
        #expect(try fx.store.check().unrepairable == 1)
    }
}
