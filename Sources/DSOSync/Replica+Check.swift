import DSOModel
import DSOStore
import DSOProtocol
import Foundation
import GRDB

/// What ``Replica/check(repair:today:)`` found.
public struct ReplicaCheck: Codable, Hashable, Sendable {
    /// Customers whose derived state was compared.
    public var customers: Int
    /// Items whose typed columns and current status were compared.
    public var items: Int
    /// One line per difference between the stored state and the state computed from scratch.
    public var problems: [String]
    /// Whether the derived state was rebuilt (`repair`).
    public var repaired: Bool

    public var isConsistent: Bool { problems.isEmpty }
}

extension Replica {
    /// Recomputes everything derived from the facts, from scratch, and compares it with what is
    /// stored: each item's columns (well-formed, cleared flag matching its clearing date) and current status, each
    /// customer's digest (agenda, alerts, promises, disputes). A digest marked stale, or not
    /// valid on `today`, is not a difference: the next read recomputes it.
    ///
    /// - Parameter repair: rebuild the typed columns, the current statuses and every digest
    ///   (in one transaction) after comparing.
    /// - Returns: the differences found (before any repair).
    public func check(repair: Bool = false, today: BusinessDate = .today()) throws -> ReplicaCheck {
        let report = try pool.read { db in try Replica.compare(today: today, in: db) }
        guard repair else { return report }
        try pool.write { db in
            try db.execute(sql: "UPDATE items SET cleared = (cleared_date IS NOT NULL)")
            for row in try Row.fetchAll(db, sql: "SELECT id, doc FROM qualifications") {
                try db.execute(sql: "UPDATE qualifications SET status_code = ? WHERE id = ?",
                               arguments: [try Qualification.fromWire(row["doc"]).statusCode, row["id"] as String])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, doc FROM customers") {
                try db.execute(sql: "UPDATE customers SET collector = ? WHERE id = ?",
                               arguments: [try Customer.fromWire(row["doc"]).collector, row["id"] as String])
            }
            for item in try String.fetchAll(db, sql: "SELECT DISTINCT item_id FROM qualification_items") {
                try Replica.recomputeCurrent(of: item, in: db)
            }
            try db.execute(sql: "DELETE FROM item_current WHERE item_id NOT IN (SELECT item_id FROM qualification_items)")
            try LedgerStore.rebuildAll(in: db)
            try Replica.setMeta(Replica.ledgersStaleKey, nil, in: db)
            let customers = try String.fetchAll(db, sql: "SELECT id FROM customers UNION SELECT customer_id FROM digests")
            for start in stride(from: 0, to: customers.count, by: Replica.refreshBatch) {
                try Replica.recompute(Array(customers[start..<min(customers.count, start + Replica.refreshBatch)]), today: today, in: db)
            }
        }
        var repaired = report
        repaired.repaired = true
        return repaired
    }

    static func compare(today: BusinessDate, in db: Database) throws -> ReplicaCheck {
        var problems: [String] = []
        var items = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT \(itemColumns), cleared FROM items")
        while let row = try rows.next() {
            items += 1
            guard let item = try? typedItem(row) else {
                problems.append("item \(row[2] as String? ?? "?"): a column holds a value no item can have (attach a fresh replica with dso init to download it again)")
                continue
            }
            if (row["cleared"] as Bool) != item.isCleared {
                problems.append("item \(item.number): the cleared flag differs from its clearing date")
            }
        }
        // Current status per item, from the history of facts the server did not refuse.
        var histories: [String: [Qualification]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
            WHERE q.state != 'rejected'
            """) {
            histories[row["item_id"], default: []].append(try Qualification.fromWire(row["doc"]))
        }
        let current = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT item_id, qualification_id FROM item_current")
            .map { ($0["item_id"] as String, $0["qualification_id"] as String) })
        for item in Set(histories.keys).union(current.keys).sorted() {
            let expected = histories[item].flatMap { Qualification.current(of: $0) }?.id.text
            if expected != current[item] {
                problems.append("item \(item): current status \(current[item] ?? "none"), expected \(expected ?? "none")")
            }
        }
        // Digests.
        let computed = try computeAll(today: today, in: db)
        let stored = Dictionary(uniqueKeysWithValues: try storedDigests(in: db).map { ($0.customerID, $0) })
        let codes = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, code FROM customers")
            .map { ($0["id"] as String, $0["code"] as String) })
        let stale = Set(try String.fetchAll(db, sql: "SELECT customer_id FROM digests WHERE valid_until = ''"))
        for digest in computed {
            let id = digest.customerID.text
            let code = codes[id] ?? id
            guard let kept = stored[digest.customerID] else {
                if !stale.contains(id) { problems.append("customer \(code): no derived state") }
                continue
            }
            if stale.contains(id) || !kept.isValid(on: today) { continue }
            for part in differences(kept, digest) { problems.append("customer \(code): stored \(part) differ from the facts") }
        }
        for id in stored.keys where codes[id.text] == nil {
            problems.append("derived state kept for customer \(id.text), who is not on this replica")
        }
        // Stale ledgers are not a difference: the next report builds them.
        if try !ledgersStale(in: db) { problems += try LedgerStore.differences(codes: codes, in: db) }
        return ReplicaCheck(customers: computed.count, items: items, problems: problems, repaired: false)
    }

    /// The parts of two digests of one customer that differ, day-dependent parts aside.
    static func differences(_ a: CustomerDigest, _ b: CustomerDigest) -> [String] {
        let (x, y) = (a.dayIndependent, b.dayIndependent)
        var parts: [String] = []
        if x.agenda != y.agenda { parts.append("agenda entries") }
        if Set(x.alerts) != Set(y.alerts) { parts.append("alerts") }
        if Set(x.promises) != Set(y.promises) { parts.append("promises") }
        if Set(x.disputes) != Set(y.disputes) { parts.append("disputes") }
        return parts
    }
}
