import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// The report inputs of each customer (``ReportLedger``: its items' dates and amounts with their
/// payments, one row per customer and currency), kept in the `report_ledgers` table of the
/// central store and of every replica: the same SQL on both, over the columns both keep.
///
/// A write that touches customers' items or payments rebuilds their ledgers in its own
/// transaction (``rebuild(of:in:)``); `check` compares every ledger with one built from scratch
/// (``differences(codes:in:)``); a report reads one row per customer (``forEach(filter:in:_:)``).
package enum LedgerStore {
    /// Customers rebuilt per statement batch.
    package static let batch = 500

    /// Rebuilds the ledgers of `customers` from their items and payments, in the caller's
    /// transaction; a customer with no item left (or gone) loses its rows.
    ///
    /// ```sql
    /// DELETE FROM report_ledgers WHERE customer_id IN (…)
    /// SELECT i.customer_id, i.id, i.kind, i.issue_date, … FROM items i WHERE i.customer_id IN (…)
    /// SELECT customer_id, doc FROM payments WHERE customer_id IN (…)
    /// INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)
    /// ```
    package static func rebuild(of customers: some Collection<String>, in db: Database) throws {
        let ids = Array(customers)
        for start in stride(from: 0, to: ids.count, by: batch) {
            let part = Array(ids[start..<min(ids.count, start + batch)])
            try db.execute(sql: "DELETE FROM report_ledgers WHERE customer_id IN \(placeholders(part.count))", arguments: StatementArguments(part))
            let insert = try db.cachedStatement(sql: "INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)")
            for (customer, ledgers) in try build(of: part, in: db) {
                for ledger in ledgers {
                    try insert.execute(arguments: [customer, ledger.currency.code, Data(ledger.encoded())])
                }
            }
        }
    }

    /// Rebuilds every ledger (migration, snapshot file, `check --repair`).
    package static func rebuildAll(in db: Database) throws {
        try db.execute(sql: "DELETE FROM report_ledgers")
        try rebuild(of: String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id"), in: db)
    }

    /// The ledgers of each customer of `customers` that has items, built from its items and payments.
    static func build(of customers: [String], in db: Database) throws -> [(String, [ReportLedger])] {
        let list = placeholders(customers.count), arguments = StatementArguments(customers)
        var items: [String: [(id: UUID, item: LedgerItem)]] = [:]
        let statement = try db.makeStatement(sql: "SELECT i.customer_id, i.id, \(LedgerItem.columns) FROM items i WHERE i.customer_id IN \(list)")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            guard let id = UUID(text: row[1]), let item = ColumnBytes.ledgerItem(statement.sqliteStatement, from: 2) else {
                throw UnreadableRow(what: "item \(row[1] as String? ?? "?")")
            }
            items[row[0], default: []].append((id, item))
        }
        var payments: [String: [Payment]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, doc FROM payments WHERE customer_id IN \(list)", arguments: arguments) {
            payments[row[0], default: []].append(try Payment.fromWire(row[1]))
        }
        return customers.compactMap { customer in
            items[customer].map { (customer, ReportLedger.build(items: $0, payments: payments[customer] ?? [])) }
        }
    }

    /// One line per stored ledger that differs from one built from scratch (`check`), naming
    /// customers by `codes` (id → code).
    package static func differences(codes: [String: String], in db: Database) throws -> [String] {
        var problems: [String] = []
        var stored: [String: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, currency, entries FROM report_ledgers") {
            stored["\(row[0] as String) \(row[1] as String)"] = row[2]
        }
        let customers = try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id")
        for start in stride(from: 0, to: customers.count, by: batch) {
            for (customer, ledgers) in try build(of: Array(customers[start..<min(customers.count, start + batch)]), in: db) {
                for ledger in ledgers where stored.removeValue(forKey: "\(customer) \(ledger.currency.code)") != Data(ledger.encoded()) {
                    problems.append("customer \(codes[customer] ?? customer): its report ledger in \(ledger.currency.code) differs from its items and payments")
                }
            }
        }
        for key in stored.keys.sorted() { problems.append("report ledger \(key): no such customer items") }
        return problems
    }

    static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ",") + ")"
    }
}
