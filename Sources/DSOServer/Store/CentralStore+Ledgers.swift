import DSOModel
import DSOProtocol
import DSOStore
import Foundation
import GRDB

extension CentralStore {
    /// Rebuilds the report ledgers of `customers` from their items and payments, in the caller's
    /// transaction (a customer with no item left loses its rows). On SQLite, ``LedgerStore``
    /// (shared with replicas, reading columns in place); on PostgreSQL the same ledgers from the
    /// same columns, 500 customers per statement:
    ///
    /// ```sql
    /// DELETE FROM report_ledgers WHERE customer_id IN (…)
    /// SELECT id, customer_id, number, kind, issue_date, … FROM items WHERE customer_id IN (…)
    /// SELECT customer_id, doc FROM payments WHERE customer_id IN (…)
    /// INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)
    /// ```
    static func rebuildLedgers(of customers: [String], in db: some SQLSession) throws {
        if let db = db as? Database {
            try LedgerStore.rebuild(of: customers, in: db)
            return
        }
        for start in stride(from: 0, to: customers.count, by: LedgerStore.batch) {
            let part = Array(customers[start..<min(customers.count, start + LedgerStore.batch)])
            try db.execute("DELETE FROM report_ledgers WHERE customer_id IN \(list(part.count))", part)
            for (customer, ledgers) in try buildLedgers(of: part, in: db) {
                for ledger in ledgers {
                    try db.execute("INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)",
                                   customer, ledger.currency.code, ledger.encoded())
                }
            }
        }
    }

    /// Every ledger rebuilt (`check --repair`).
    static func rebuildAllLedgers(in db: some SQLSession) throws {
        try db.execute("DELETE FROM report_ledgers")
        try rebuildLedgers(of: db.values("SELECT id FROM customers ORDER BY id", as: String.self), in: db)
    }

    /// One line per stored ledger that differs from one built from scratch (`check`), naming
    /// customers by `codes` (id → code).
    static func ledgerDifferences(codes: [String: String], in db: some SQLSession) throws -> [String] {
        if let db = db as? Database { return try LedgerStore.differences(codes: codes, in: db) }
        var problems: [String] = []
        var stored: [String: [UInt8]] = [:]
        try db.each("SELECT customer_id, currency, entries FROM report_ledgers", []) { row in
            stored["\(try row.text(0)) \(try row.text(1))"] = row.get(2, as: [UInt8].self) ?? []
        }
        let customers = try db.values("SELECT id FROM customers ORDER BY id", as: String.self)
        for start in stride(from: 0, to: customers.count, by: LedgerStore.batch) {
            for (customer, ledgers) in try buildLedgers(of: Array(customers[start..<min(customers.count, start + LedgerStore.batch)]), in: db) {
                for ledger in ledgers where stored.removeValue(forKey: "\(customer) \(ledger.currency.code)") != ledger.encoded() {
                    problems.append("customer \(codes[customer] ?? customer): its report ledger in \(ledger.currency.code) differs from its items and payments")
                }
            }
        }
        for key in stored.keys.sorted() { problems.append("report ledger \(key): no such customer items") }
        return problems
    }

    /// The ledgers of each customer of `customers` that has items, from its items and payments.
    private static func buildLedgers(of customers: [String], in db: some SQLSession) throws -> [(String, [ReportLedger])] {
        var items: [String: [(id: UUID, item: LedgerItem)]] = [:]
        for row in try db.rows("SELECT \(itemColumns) FROM items WHERE customer_id IN \(list(customers.count))", customers) {
            let item = try typedItem(row)
            items[item.customerID.text, default: []].append((item.id, LedgerItem(item)))
        }
        var payments: [String: [Payment]] = [:]
        for row in try db.rows("SELECT customer_id, doc FROM payments WHERE customer_id IN \(list(customers.count))", customers) {
            payments[try row.text(0), default: []].append(try Payment.fromWire(row.text(1)))
        }
        return customers.compactMap { customer in
            items[customer].map { (customer, ReportLedger.build(items: $0, payments: payments[customer] ?? [])) }
        }
    }

    /// `(?,?,…)` with `count` placeholders.
    static func list(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ",") + ")"
    }
}
