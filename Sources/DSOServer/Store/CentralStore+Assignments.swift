import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// Closes the customer's open assignment and opens one for `collector` (none for `nil`), in
    /// the caller's transaction, unless `collector` already holds the customer.
    ///
    /// ```sql
    /// SELECT collector FROM assignments WHERE customer_id = ? AND to_ms IS NULL
    /// UPDATE assignments SET to_ms = ? WHERE customer_id = ? AND to_ms IS NULL
    /// INSERT INTO assignments(customer_id, collector, from_ms) VALUES (?, ?, ?)
    /// ```
    static func moveAssignment(customer: String, to collector: String?, millis: Int64, in session: some SQLSession) throws {
        let holder: String? = try session.value("SELECT collector FROM assignments WHERE customer_id = ? AND to_ms IS NULL", customer)
        guard holder != collector else { return }
        if holder != nil {
            try session.execute("UPDATE assignments SET to_ms = ? WHERE customer_id = ? AND to_ms IS NULL", millis, customer)
        }
        if let collector {
            try session.execute("INSERT INTO assignments(customer_id, collector, from_ms) VALUES (?, ?, ?)", customer, collector, millis)
        }
    }


    /// The periods during which `collector` held the customer.
    ///
    /// ```sql
    /// SELECT collector, from_ms, to_ms FROM assignments WHERE customer_id = ? AND collector = ?
    /// ```
    static func assignmentPeriods(customer: String, collector: String, in db: some SQLSession) throws -> [AssignmentPeriod] {
        try db.rows("SELECT collector, from_ms, to_ms FROM assignments WHERE customer_id = ? AND collector = ?", customer, collector)
            .map(period)
    }

    /// A period from its `collector, from_ms, to_ms` columns.
    private static func period(_ row: SQLRow) throws -> AssignmentPeriod {
        guard let collector = row.get(0, as: String.self), let from = row.get(1, as: Int64.self) else {
            throw CorruptRow(table: "assignments", key: row.get(0) ?? "?")
        }
        return AssignmentPeriod(collector: collector, fromMillis: from, toMillis: row.get(2))
    }

    /// A customer's portfolio history, oldest first (periods opened at the same instant in the
    /// order they were written: SQLite's rowid, PostgreSQL's `id`).
    public func assignmentHistory(customerCode: String) throws -> [AssignmentPeriod] {
        try backend.readNow { db in
            guard let customer = try CentralStore.customer(code: customerCode, in: db) else {
                throw UserError(description: "no customer '\(customerCode)'")
            }
            let order = db.dialect.engine == .sqlite ? "rowid" : "id"
            return try db.rows("SELECT collector, from_ms, to_ms FROM assignments WHERE customer_id = ? ORDER BY from_ms, \(order)",
                               customer.id.text).map(CentralStore.period)
        }
    }

    /// The central collection settings, in the caller's transaction.
    static func collectionSettings(in db: some SQLSession) throws -> CollectionSettings {
        try db.value("SELECT doc FROM settings WHERE key = 'collection'", as: String.self).map(CollectionSettings.fromWire) ?? CollectionSettings()
    }

    /// Moves one customer into `login`'s portfolio (`nil`: out of every portfolio). The change
    /// reaches both collectors' replicas on their next pull: the customer's rows for the new one,
    /// a `customer.remove` for the old one. Returns the previous collector and whether anything
    /// changed.
    public func assign(customerCode: String, to login: String?, now: Date = Date()) async throws -> (previous: String?, changed: Bool) {
        let result = try await backend.write { db -> (String?, Bool, Int64?) in
            guard var customer = try CentralStore.customer(code: customerCode, in: db) else {
                throw UserError(description: "no customer '\(customerCode)'; `dso-server report aging --by customer` lists them")
            }
            if let login {
                guard let role = try db.value("SELECT role FROM users WHERE login = ?", login, as: String.self) else {
                    throw UserError(description: "no user '\(login)'; `dso-server user list` lists them")
                }
                guard role == Role.collector.rawValue else {
                    throw UserError(description: "'\(login)' is a \(role); only collectors hold portfolios (managers see every customer)")
                }
            }
            let previous = customer.collector
            guard previous != login else { return (previous, false, nil) }
            customer.collector = login
            let seq = try CentralStore.record(.customer(customer), collectorFrom: previous, collectorTo: login, in: db, at: now)
            try CentralStore.announce(head: seq, collectors: Set([previous, login].compactMap { $0 }), in: db)
            return (previous, true, seq)
        }
        if let head = result.2 { await signal.notify(collectors: Set([result.0, login].compactMap { $0 }), head: head) }
        return (result.0, result.1)
    }
}

extension CentralStore {
    /// How many customers each collector holds (`nil`: customers in no portfolio).
    /// `SELECT collector, count(*) FROM customers GROUP BY collector`
    public func portfolioSizes() async throws -> [String?: Int] {
        try await backend.read { db in
            var sizes: [String?: Int] = [:]
            for row in try db.rows("SELECT collector, count(*) FROM customers GROUP BY collector") {
                sizes[row.get(0, as: String.self)] = row.get(1) ?? 0
            }
            return sizes
        }
    }
}
