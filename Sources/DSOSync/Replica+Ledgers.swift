import DSOModel
import Foundation
import GRDB

/// The report inputs of each customer the replica holds (``ReportLedger``: its items' dates and
/// amounts with their payments, one row per customer and currency) are stored in
/// `report_ledgers`. A pulled page or snapshot that writes items or payments rebuilds the ledgers
/// of the customers it touched in its own transaction; `check` compares every ledger with one
/// built from scratch.
extension Replica {
    /// Rebuilds the ledgers of `customers` from their items and payments, in the caller's
    /// transaction; a customer with no item left (or gone from the replica) loses its rows.
    ///
    /// ```sql
    /// DELETE FROM report_ledgers WHERE customer_id IN (…)
    /// SELECT i.customer_id, i.id, i.kind, i.issue_date, … FROM items i WHERE i.customer_id IN (…)
    /// SELECT customer_id, doc FROM payments WHERE customer_id IN (…)
    /// INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)
    /// ```
    static func rebuildLedgers(of customers: some Collection<String>, in db: Database) throws {
        let ids = Array(customers)
        for start in stride(from: 0, to: ids.count, by: refreshBatch) {
            let batch = Array(ids[start..<min(ids.count, start + refreshBatch)])
            let list = "(" + Array(repeating: "?", count: batch.count).joined(separator: ",") + ")"
            try db.execute(sql: "DELETE FROM report_ledgers WHERE customer_id IN \(list)", arguments: StatementArguments(batch))
            let insert = try db.cachedStatement(sql: "INSERT INTO report_ledgers(customer_id, currency, entries) VALUES (?, ?, ?)")
            for (customer, ledgers) in try buildLedgers(of: batch, in: db) {
                for ledger in ledgers {
                    try insert.execute(arguments: [customer, ledger.currency.code, Data(ledger.encoded())])
                }
            }
        }
    }

    /// Rebuilds every ledger (schema migration, snapshot file, `check --repair`).
    static func rebuildAllLedgers(in db: Database) throws {
        try db.execute(sql: "DELETE FROM report_ledgers")
        try rebuildLedgers(of: String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id"), in: db)
    }

    /// The ledgers of each customer of `batch` that has items, built from its items and payments.
    static func buildLedgers(of batch: [String], in db: Database) throws -> [(String, [ReportLedger])] {
        let list = "(" + Array(repeating: "?", count: batch.count).joined(separator: ",") + ")"
        let arguments = StatementArguments(batch)
        var items: [String: [(id: UUID, item: LedgerItem)]] = [:]
        let statement = try db.makeStatement(sql: "SELECT i.customer_id, i.id, \(LedgerItem.columns) FROM items i WHERE i.customer_id IN \(list)")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            guard let id = UUID(text: row[1]) else { throw ReplicaError.corrupt("item row") }
            items[row[0], default: []].append((id, try ledgerItem(statement, from: 2)))
        }
        var payments: [String: [Payment]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, doc FROM payments WHERE customer_id IN \(list)", arguments: arguments) {
            payments[row[0], default: []].append(try Payment.fromWire(row[1]))
        }
        return batch.compactMap { customer in
            items[customer].map { (customer, ReportLedger.build(items: $0, payments: payments[customer] ?? [])) }
        }
    }

    /// One line per stored ledger that differs from one built from scratch (`check`).
    static func compareLedgers(codes: [String: String], in db: Database) throws -> [String] {
        var problems: [String] = []
        var stored: [String: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, currency, entries FROM report_ledgers") {
            stored["\(row[0] as String) \(row[1] as String)"] = row[2]
        }
        let customers = try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id")
        for start in stride(from: 0, to: customers.count, by: refreshBatch) {
            for (customer, ledgers) in try buildLedgers(of: Array(customers[start..<min(customers.count, start + refreshBatch)]), in: db) {
                for ledger in ledgers where stored.removeValue(forKey: "\(customer) \(ledger.currency.code)") != Data(ledger.encoded()) {
                    problems.append("customer \(codes[customer] ?? customer): its report ledger in \(ledger.currency.code) differs from its items and payments")
                }
            }
        }
        for key in stored.keys.sorted() { problems.append("report ledger \(key): no such customer items") }
        return problems
    }

    /// Hands each stored ledger in the filter's part of the replica to `body`: the customer's
    /// id, the currency and the ledger's bytes, read in place (valid during the call).
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE 1  -- + the filter (narrowingItems)
    /// ```
    /// - Throws: ``ReplicaError/corrupt(_:)`` for a row that is not a ledger (`dso check --repair` rebuilds them).
    static func forEachLedger(filter: ReportFilter, in db: Database,
                              _ body: (String, CurrencyCode, UnsafeRawBufferPointer) throws -> Void) throws {
        let (sql, arguments) = filter.narrowingItems("SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE 1")
        let statement = try db.makeStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        while try rows.next() != nil {
            let s = statement.sqliteStatement
            guard let id = ColumnBytes.text(s, 0), let code = ColumnBytes.text(s, 1), let currency = CurrencyCode(upperASCII: code) else {
                throw ReplicaError.corrupt("report ledger row")
            }
            try body(String(decoding: id, as: UTF8.self), currency, ColumnBytes.blob(s, 2))
        }
    }

    /// Every entry of the filter's ledgers, with the customer's id.
    static func forEachLedgerEntry(filter: ReportFilter, in db: Database, _ body: (String, ReportLedger.Entry) throws -> Void) throws {
        try forEachLedger(filter: filter, in: db) { customer, currency, bytes in
            guard try ReportLedger.forEach(in: bytes, currency: currency, { try body(customer, $0) }) else {
                throw ReplicaError.corrupt("report ledger of customer \(customer)")
            }
        }
    }
}
