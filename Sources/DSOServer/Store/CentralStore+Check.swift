import DSOModel
import DSOStore
import DSOProtocol
import Foundation
import GRDB

/// What ``CentralStore/check(repair:)`` found.
public struct StoreCheck: Codable, Hashable, Sendable {
    /// Items whose typed columns and current status were compared.
    public var items: Int
    /// Qualifications whose item links were compared.
    public var qualifications: Int
    /// Rows compared with the change the log serves for them.
    public var rows: Int
    /// Differences found, one line each (the first ``StoreCheck/shownProblems``).
    public var problems: [String]
    /// All differences found, including those not listed.
    public var problemCount: Int
    /// Differences a repair cannot fix (a table row and the log disagree): restore a backup.
    public var unrepairable: Int
    /// Whether the derived state was rebuilt (`repair`).
    public var repaired: Bool

    public var isConsistent: Bool { problemCount == 0 }

    /// Most differences listed; the rest are counted.
    public static let shownProblems = 1_000

    mutating func add(_ problem: String, repairable: Bool = true) {
        problemCount += 1
        if !repairable { unrepairable += 1 }
        if problems.count < StoreCheck.shownProblems { problems.append(problem) }
    }
}

extension CentralStore {
    /// The tables whose rows keep the wire payload of their latest change (`doc`, `seq`).
    static let payloadTables = ["statuses", "customers", "contacts", "items", "qualifications", "action_events",
                                "scenarios", "settings", "payments", "contact_edits"]

    /// Recomputes from the facts everything the store derives from them and compares it with
    /// what it keeps:
    /// - each item's typed columns against its stored payload (and the cleared flag against the
    ///   clearing date), each customer's code and collector against its payload;
    /// - each qualification's item links, and each item's current status against
    ///   ``Qualification/current(of:)`` over its history (the `DSOModel` rule, not the SQL that
    ///   maintains it);
    /// - each row's payload against the change of the log it names (`seq`): a pull from the log
    ///   and a snapshot must serve the same bytes;
    /// - each accepted receipt against the change it acknowledged.
    ///
    /// Reads stream through cursors, so memory stays bounded by one item's history.
    ///
    /// - Parameter repair: after comparing, rebuild the typed columns, the item links and the
    ///   current statuses from the payloads, in one transaction. Payloads, the log and the
    ///   receipts are facts: a difference there is reported, never rewritten.
    public func check(repair: Bool = false) throws -> StoreCheck {
        var report = try pool.read { db in try CentralStore.compare(in: db) }
        guard repair else { return report }
        try pool.write { db in try CentralStore.rebuildDerived(in: db) }
        report.repaired = true
        return report
    }

    static func compare(in db: Database) throws -> StoreCheck {
        var report = StoreCheck(items: 0, qualifications: 0, rows: 0, problems: [], problemCount: 0, unrepairable: 0, repaired: false)
        let items = try Row.fetchCursor(db, sql: "SELECT \(itemColumns), cleared, doc FROM items ORDER BY id")
        while let row = try items.next() {
            report.items += 1
            let number: String = row[2]
            guard let stored = try? typedItem(row) else {
                report.add("item \(number): a typed column holds a value no item can have")
                continue
            }
            guard let fact = try? OpenItem.fromWire(row["doc"]) else {
                report.add("item \(number): its stored payload is not an item", repairable: false)
                continue
            }
            if stored != fact { report.add("item \(number): the typed columns differ from its payload") }
            if (row["cleared"] as Bool) != fact.isCleared { report.add("item \(number): the cleared flag differs from its clearing date") }
        }
        let customers = try Row.fetchCursor(db, sql: "SELECT id, code, collector, doc FROM customers ORDER BY id")
        while let row = try customers.next() {
            guard let fact = try? Customer.fromWire(row["doc"]) else {
                report.add("customer \(row["code"] as String): its stored payload is not a customer", repairable: false)
                continue
            }
            if fact.code != row["code"] || fact.collector != row["collector"] {
                report.add("customer \(fact.code): the code or collector column differs from its payload")
            }
        }
        try compareQualifications(into: &report, in: db)
        do {
            let codes = Dictionary(try Row.fetchAll(db, sql: "SELECT id, code FROM customers").map { ($0[0] as String, $0[1] as String) }) { a, _ in a }
            for problem in try LedgerStore.differences(codes: codes, in: db) { report.add(problem) }
        } catch let unreadable as UnreadableRow {
            report.add("report ledgers not compared: \(unreadable)")
        }
        for table in payloadTables {
            let mismatched = try Row.fetchCursor(db, sql: """
                SELECT t.seq, c.payload IS NULL AS missing FROM \(table) t LEFT JOIN changes c ON c.seq = t.seq
                WHERE c.payload IS NOT t.doc
                """)
            report.rows += try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            while let row = try mismatched.next() {
                let seq: Int64 = row[0]
                report.add((row["missing"] as Bool) ? "\(table) row of change \(seq): that change is missing from the log"
                                          : "\(table) row of change \(seq): its payload differs from the log's", repairable: false)
            }
        }
        for seq in try Int64.fetchAll(db, sql: """
            SELECT r.seq FROM receipts r LEFT JOIN changes c ON c.seq = r.seq WHERE r.outcome = 'accepted' AND c.seq IS NULL
            """) {
            report.add("an accepted change (seq \(seq)) is missing from the log", repairable: false)
        }
        return report
    }

    /// Each qualification's item links, and each item's current status by the model's rule.
    static func compareQualifications(into report: inout StoreCheck, in db: Database) throws {
        let linked = try db.cachedStatement(sql: "SELECT 1 FROM qualification_items WHERE item_id = ? AND qualification_id = ?")
        let docs = try Row.fetchCursor(db, sql: "SELECT id, doc FROM qualifications")
        var links = 0
        while let row = try docs.next() {
            report.qualifications += 1
            guard let q = try? Qualification.fromWire(row["doc"]) else {
                report.add("qualification \(row["id"] as String): its stored payload is not a qualification", repairable: false)
                continue
            }
            links += q.itemIDs.count
            for item in q.itemIDs where try Bool.fetchOne(linked, arguments: [item.text, q.id.text]) != true {
                report.add("qualification \(q.id.text): its link to item \(item.text) is missing")
            }
        }
        let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM qualification_items") ?? 0
        if stored > links { report.add("\(stored - links) item link(s) name no qualification that lists them") }

        // Histories in item order, merged with the stored current status in the same order.
        let history = try Row.fetchCursor(db, sql: """
            SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
            ORDER BY qi.item_id
            """)
        let current = try db.cachedStatement(sql: "SELECT qualification_id, hlc, replica_id FROM item_current WHERE item_id = ?")
        var item: String?
        var facts: [Qualification] = []
        var qualified = 0
        func verify() throws {
            guard let item, let expected = Qualification.current(of: facts) else { return }
            qualified += 1
            let row = try Row.fetchOne(current, arguments: [item])
            let stored = row.map { [$0["qualification_id"] as String, $0["hlc"] as String, $0["replica_id"] as String] }
            if stored != [expected.id.text, expected.hlc.description, expected.replicaID.text] {
                report.add("item \(item): its current status should be qualification \(expected.id.text)")
            }
        }
        while let row = try history.next() {
            let id: String = row[0]
            if id != item {
                try verify()
                item = id
                facts = []
            }
            if let q = try? Qualification.fromWire(row[1]) { facts.append(q) }
        }
        try verify()
        let currents = try Int.fetchOne(db, sql: "SELECT count(*) FROM item_current") ?? 0
        if currents != qualified { report.add("\(currents - qualified) current status(es) for items with no qualification") }
    }

    /// Rebuilds the typed columns, the item links and the current statuses from the payloads.
    static func rebuildDerived(in db: Database) throws {
        let setItem = try db.cachedStatement(sql: """
            UPDATE items SET number = ?, cleared = ?, kind = ?, issue_date = ?, due_date = ?, initial_minor = ?, open_minor = ?,
                currency = ?, cleared_date = ?, customer_id = ? WHERE id = ?
            """)
        for doc in try String.fetchAll(db, sql: "SELECT doc FROM items") {
            guard let i = try? OpenItem.fromWire(doc) else { continue }
            try setItem.execute(arguments: [i.number, i.isCleared, i.kind.rawValue, i.issueDate.description, i.dueDate.description,
                                            i.initialAmount.minor, i.openAmount.minor, i.openAmount.currency.code,
                                            i.clearedDate?.description, i.customerID.text, i.id.text])
        }
        for doc in try String.fetchAll(db, sql: "SELECT doc FROM customers") {
            guard let c = try? Customer.fromWire(doc) else { continue }
            try db.execute(sql: "UPDATE customers SET code = ?, collector = ? WHERE id = ?", arguments: [c.code, c.collector, c.id.text])
        }
        try db.execute(sql: "DELETE FROM qualification_items; DELETE FROM item_current")
        var histories: [UUID: [Qualification]] = [:]
        for doc in try String.fetchAll(db, sql: "SELECT doc FROM qualifications") {
            guard let q = try? Qualification.fromWire(doc) else { continue }
            for item in q.itemIDs {
                try db.execute(sql: "INSERT INTO qualification_items(item_id, qualification_id) VALUES (?, ?)", arguments: [item.text, q.id.text])
                histories[item, default: []].append(q)
            }
        }
        for (item, facts) in histories {
            guard let q = Qualification.current(of: facts) else { continue }
            try db.execute(sql: "INSERT INTO item_current(item_id, qualification_id, hlc, replica_id) VALUES (?, ?, ?, ?)",
                           arguments: [item.text, q.id.text, q.hlc.description, q.replicaID.text])
        }
        try LedgerStore.rebuildAll(in: db)
    }
}
