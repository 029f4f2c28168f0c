import DSOModel
import DSOProtocol
import DSOServer
@testable import DSOSync
import Foundation
import PostgresTestSupport
import GRDB
import Testing

/// The replica keeps each customer's derived state in tables, recomputed with the facts; reads
/// are queries. These tests hold the stored state to the rules applied to the facts.
@Suite("Derived state kept per customer", .serialized)
struct DerivedStateTests {
    @Test("read on any later day, the stored agenda, alerts and promises equal the rules applied to the facts that day", arguments: TestEngine.available)
    func laterDays(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let today = TestCluster.asOf
            let customer = try #require(try alice.customers().first { $0.openItems >= 3 }).customer
            let items = try alice.items(customerCode: customer.code)
            try alice.promise(items: [items[0].item.number], date: today.adding(days: 4), comment: "Pays next week", today: today)
            try alice.openDispute(items: [items[1].item.number], status: "price_dispute", resolver: "sales.north", comment: "Wrong price")
            try alice.planAction(customerCode: customer.code, channel: .visit, date: today.adding(days: 10), items: [items[2].item.number])
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)

            let mine = Set(try alice.customers(limit: nil).map(\.customer.id))
            let files = try cluster.store.customerFiles().filter { mine.contains($0.customer.id) }
            let contacts = Set(try cluster.store.resolvedContacts().filter(\.contact.isCollectionContact).map(\.contact.customerID))
            for offset in [0, 1, 5, 6, 7, 12, 40, 200, 3] {
                let day = today.adding(days: offset)
                #expect(try alice.agenda(today: day, days: 14)
                        == Agenda.build(files: files, scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: day, days: 14),
                        "agenda on \(day)")
                let alerts = files.flatMap {
                    CollectionAlert.compute(for: $0, hasCollectionContact: contacts.contains($0.customer.id), settings: .init(), today: day)
                }
                #expect(Set(try alice.alerts(today: day)) == Set(alerts), "alerts on \(day)")
                let promises = files.flatMap { $0.promises(graceDays: 2, today: day).map { PromiseView(promise: $0.promise, state: $0.state) } }
                #expect(Set(try alice.promises(today: day)) == Set(promises), "promises on \(day)")
                #expect(try alice.check(today: day).isConsistent)
            }
            // A first screen and the count of the rest.
            let all = try alice.items(overdueOnly: true, today: today)
            #expect(try alice.items(overdueOnly: true, today: today, limit: 3) == Array(all.prefix(3)))
            #expect(try alice.itemCount(overdueOnly: true, today: today) == all.count)
            #expect(try alice.agendaCount(today: today) == (try alice.agenda(today: today)).count)
        }
    }

    @Test("check finds derived state that does not match the facts, and --repair rebuilds it", arguments: TestEngine.available)
    func checkAndRepair(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let claire = try await cluster.syncedReplica("claire")
            let today = TestCluster.asOf
            _ = try claire.agenda(today: today)
            #expect(try claire.check(today: today).isConsistent)
            // The first download leaves the report ledgers to the first report, which builds them.
            let built = try await claire.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM report_ledgers") ?? 0 }
            _ = try claire.dsoReport(asOf: today)
            let after = try await claire.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM report_ledgers") ?? 0 }
            #expect(built == 0 && after > 0)
            #expect(try claire.check(today: today).isConsistent)
            try await claire.pool.write { db in
                try db.execute(sql: "DELETE FROM agenda WHERE id IN (SELECT id FROM agenda ORDER BY customer_id DESC LIMIT 1)")
                try db.execute(sql: "UPDATE items SET cleared = 1 - cleared WHERE rowid IN (SELECT rowid FROM items LIMIT 1)")
                try db.execute(sql: "UPDATE alerts SET label = 'tampered' WHERE kind = 'no_recent_action'")
                try db.execute(sql: "DELETE FROM digests WHERE customer_id IN (SELECT customer_id FROM digests ORDER BY customer_id LIMIT 1)")
                try db.execute(sql: "UPDATE report_ledgers SET entries = x'01' WHERE rowid = (SELECT max(rowid) FROM report_ledgers)")
            }
            let found = try claire.check(today: today)
            #expect(found.problems.contains { $0.contains("its report ledger in") }, "\(found.problems)")
            #expect(found.problems.contains { $0.contains("agenda entries") }, "\(found.problems)")
            #expect(found.problems.contains { $0.contains("cleared flag differs") })
            #expect(found.problems.contains { $0.contains("no derived state") })
            let repaired = try claire.check(repair: true, today: today)
            #expect(repaired.repaired && repaired.problems == found.problems)
            #expect(try claire.check(today: today).isConsistent)
        }
    }

    @Test("a replica made before the derived state was kept upgrades in place and reads the same", arguments: TestEngine.available)
    func upgrade(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let today = TestCluster.asOf
            let customer = try #require(try alice.customers().first { $0.openItems >= 2 }).customer
            try alice.qualify(items: [try alice.items(customerCode: customer.code)[0].item.number], status: "reminder_sent", comment: "sent")
            let agenda = try alice.agenda(today: today), items = try alice.items(today: today)

            // The same rows in a file at the previous schema version (v5).
            let old = cluster.directory.appendingPathComponent("replicas/alice-v5.sqlite").path
            let queue = try DatabaseQueue(path: old)
            try Replica.migrator.migrate(queue, upTo: "v5-users-download-state")
            try queue.inDatabase { db in
                try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [cluster.directory.appendingPathComponent("replicas/alice.sqlite").path])
                for (table, columns) in [("meta", "key, value"), ("statuses", "code, doc, seq"), ("customers", "id, code, name, doc, seq"),
                                         ("contacts", "id, customer_id, doc, seq"),
                                         ("qualifications", "id, customer_id, doc, seq, state, reject_code, reject_detail"),
                                         ("qualification_items", "item_id, qualification_id"), ("item_current", "item_id, qualification_id"),
                                         ("outbox", "ord, change_id, customer_id, body, created_at"),
                                         ("action_events", "id, action_id, customer_id, doc, seq, state, reject_code, reject_detail"),
                                         ("scenarios", "code, doc, seq"), ("settings", "key, doc, seq"),
                                         ("payments", "id, customer_id, item_id, doc, seq"), ("users", "login, doc, seq"),
                                         ("contact_edits", "id, contact_id, customer_id, doc, seq, state, reject_code, reject_detail")] {
                    try db.execute(sql: "INSERT INTO \(table)(\(columns)) SELECT \(columns) FROM src.\(table)")
                }
                // v5 kept each item's wire JSON.
                for row in try Row.fetchAll(db, sql: "SELECT \(Replica.itemColumns), cleared, seq FROM src.items") {
                    let item = try Replica.typedItem(row)
                    try db.execute(sql: "INSERT INTO items(id, customer_id, number, cleared, due_date, open_minor, currency, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [item.id.uuidString, item.customerID.uuidString, item.number, item.isCleared, item.dueDate.description,
                                               item.openAmount.minor, item.openAmount.currency.code, try item.wireJSON(), row["seq"] as Int64])
                }
            }
            try queue.close()
            let upgraded = try Replica(path: old, create: false)
            #expect(try upgraded.agenda(today: today) == agenda)
            #expect(try upgraded.items(today: today) == items)
            #expect(try upgraded.pendingCount() == (try alice.pendingCount()) && (try alice.pendingCount()) > 0)
            #expect(try upgraded.check(today: today).isConsistent)
        }
    }
}
