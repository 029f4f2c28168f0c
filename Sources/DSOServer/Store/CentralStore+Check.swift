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
        var report = try backend.readNow { db in try CentralStore.compare(in: db) }
        guard repair else { return report }
        try backend.writeNow { db in try CentralStore.rebuildDerived(in: db) }
        report.repaired = true
        return report
    }

    static func compare(in db: some SQLSession) throws -> StoreCheck {
        var report = StoreCheck(items: 0, qualifications: 0, rows: 0, problems: [], problemCount: 0, unrepairable: 0, repaired: false)
        try db.each("SELECT \(itemColumns), cleared, doc FROM items ORDER BY id", []) { row in
            report.items += 1
            let number = row.get(2, as: String.self) ?? "?"
            guard let stored = try? typedItem(row) else {
                report.add("item \(number): a typed column holds a value no item can have")
                return
            }
            guard let fact = try? OpenItem.fromWire(row.text(11)) else {
                report.add("item \(number): its stored payload is not an item", repairable: false)
                return
            }
            if stored != fact { report.add("item \(number): the typed columns differ from its payload") }
            if row.get(10, as: Bool.self) != fact.isCleared { report.add("item \(number): the cleared flag differs from its clearing date") }
        }
        try db.each("SELECT id, code, collector, doc FROM customers ORDER BY id", []) { row in
            let code = row.get(1, as: String.self)
            guard let fact = try? Customer.fromWire(row.text(3)) else {
                report.add("customer \(code ?? "?"): its stored payload is not a customer", repairable: false)
                return
            }
            if fact.code != code || fact.collector != row.get(2, as: String.self) {
                report.add("customer \(fact.code): the code or collector column differs from its payload")
            }
        }
        try compareQualifications(into: &report, in: db)
        do {
            let codes = Dictionary(try db.rows("SELECT id, code FROM customers").map { (try $0.text(0), try $0.text(1)) }) { a, _ in a }
            for problem in try ledgerDifferences(codes: codes, in: db) { report.add(problem) }
        } catch let unreadable as UnreadableRow {
            report.add("report ledgers not compared: \(unreadable)")
        }
        for table in payloadTables {
            report.rows += try db.value("SELECT count(*) FROM \(table)") ?? 0
            try db.each("""
                SELECT t.seq, c.payload IS NULL AS missing FROM \(table) t LEFT JOIN changes c ON c.seq = t.seq
                WHERE \(db.dialect.distinct("c.payload", "t.doc"))
                """, []) { row in
                let seq = row.get(0, as: Int64.self) ?? 0
                report.add(row.get(1, as: Bool.self) == true ? "\(table) row of change \(seq): that change is missing from the log"
                                                  : "\(table) row of change \(seq): its payload differs from the log's", repairable: false)
            }
        }
        for seq in try db.values("""
            SELECT r.seq FROM receipts r LEFT JOIN changes c ON c.seq = r.seq WHERE r.outcome = 'accepted' AND c.seq IS NULL
            """, as: Int64.self) {
            report.add("an accepted change (seq \(seq)) is missing from the log", repairable: false)
        }
        return report
    }

    /// Each qualification's item links, and each item's current status by the model's rule.
    static func compareQualifications(into report: inout StoreCheck, in db: some SQLSession) throws {
        var links = 0
        try db.each("SELECT id, doc FROM qualifications", []) { row in
            report.qualifications += 1
            guard let q = try? Qualification.fromWire(row.text(1)) else {
                report.add("qualification \(row.get(0, as: String.self) ?? "?"): its stored payload is not a qualification", repairable: false)
                return
            }
            links += q.itemIDs.count
            for item in q.itemIDs
            where try db.value("SELECT 1 FROM qualification_items WHERE item_id = ? AND qualification_id = ?", item.text, q.id.text, as: Bool.self) != true {
                report.add("qualification \(q.id.text): its link to item \(item.text) is missing")
            }
        }
        let stored: Int = try db.value("SELECT count(*) FROM qualification_items") ?? 0
        if stored > links { report.add("\(stored - links) item link(s) name no qualification that lists them") }

        // Histories in item order, merged with the stored current status in the same order.
        var item: String?
        var facts: [Qualification] = []
        var qualified = 0
        func verify() throws {
            guard let item, let expected = Qualification.current(of: facts) else { return }
            qualified += 1
            let row = try db.row("SELECT qualification_id, hlc, replica_id FROM item_current WHERE item_id = ?", item)
            let stored = row.map { [$0.get(0, as: String.self), $0.get(1, as: String.self), $0.get(2, as: String.self)] }
            if stored != [expected.id.text, expected.hlc.description, expected.replicaID.text] {
                report.add("item \(item): its current status should be qualification \(expected.id.text)")
            }
        }
        try db.each("""
            SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
            ORDER BY qi.item_id
            """, []) { row in
            let id = try row.text(0)
            if id != item {
                try verify()
                item = id
                facts = []
            }
            if let q = try? Qualification.fromWire(row.text(1)) { facts.append(q) }
        }
        try verify()
        let currents: Int = try db.value("SELECT count(*) FROM item_current") ?? 0
        if currents != qualified { report.add("\(currents - qualified) current status(es) for items with no qualification") }
    }

    /// Rebuilds the typed columns, the item links and the current statuses from the payloads.
    static func rebuildDerived(in db: some SQLSession) throws {
        for doc in try db.values("SELECT doc FROM items", as: String.self) {
            guard let i = try? OpenItem.fromWire(doc) else { continue }
            try db.execute("""
                UPDATE items SET number = ?, cleared = ?, kind = ?, issue_date = ?, due_date = ?, initial_minor = ?, open_minor = ?,
                    currency = ?, cleared_date = ?, customer_id = ? WHERE id = ?
                """, i.number, i.isCleared, i.kind.rawValue, i.issueDate.description, i.dueDate.description,
                i.initialAmount.minor, i.openAmount.minor, i.openAmount.currency.code, i.clearedDate?.description, i.customerID.text, i.id.text)
        }
        for doc in try db.values("SELECT doc FROM customers", as: String.self) {
            guard let c = try? Customer.fromWire(doc) else { continue }
            try db.execute("UPDATE customers SET code = ?, collector = ? WHERE id = ?", c.code, c.collector, c.id.text)
        }
        try db.execute("DELETE FROM qualification_items")
        try db.execute("DELETE FROM item_current")
        var histories: [UUID: [Qualification]] = [:]
        for doc in try db.values("SELECT doc FROM qualifications", as: String.self) {
            guard let q = try? Qualification.fromWire(doc) else { continue }
            for item in q.itemIDs {
                try db.execute("INSERT INTO qualification_items(item_id, qualification_id) VALUES (?, ?)", item.text, q.id.text)
                histories[item, default: []].append(q)
            }
        }
        for (item, facts) in histories {
            guard let q = Qualification.current(of: facts) else { continue }
            try db.execute("INSERT INTO item_current(item_id, qualification_id, hlc, replica_id) VALUES (?, ?, ?, ?)",
                           item.text, q.id.text, q.hlc.description, q.replicaID.text)
        }
        try rebuildAllLedgers(in: db)
    }
}
