import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The collector's agenda, offline: late actions, today's, and the next `days` days'
    /// (scenario steps due, specific actions, follow-ups), late first.
    ///
    /// Reads the stored derived state (brought up to `today` first):
    /// ```sql
    /// SELECT * FROM agenda a [JOIN customers c ON c.id = a.customer_id AND c.collector = ?]
    /// WHERE a.qualify_me = 1 OR a.date <= ?
    /// ORDER BY CASE WHEN a.qualify_me = 1 OR a.date < ? THEN 0 WHEN a.date = ? THEN 1 ELSE 2 END,
    ///     a.date, a.customer_id, a.id LIMIT ?
    /// ```
    ///
    /// - Parameters:
    ///   - collector: only the entries of this collector's customers.
    ///   - limit: at most this many entries (the first screen); `nil` for all.
    public func agenda(today: BusinessDate = .today(), days: Int = 7, collector: String? = nil, limit: Int? = nil) throws -> [AgendaEntry] {
        try refreshDerived(today: today)
        return try pool.read { db in
            let (sql, arguments) = Replica.agendaQuery("SELECT a.*", today: today, days: days, collector: collector)
            return try Row.fetchAll(db, sql: sql + """
                 ORDER BY CASE WHEN a.qualify_me = 1 OR a.date < ? THEN 0 WHEN a.date = ? THEN 1 ELSE 2 END, a.date, a.customer_id, a.id
                 LIMIT ?
                """, arguments: arguments + [today.description, today.description, limit ?? -1]).map { try Replica.agendaEntry($0).on(today) }
        }
    }

    /// How many entries ``agenda(today:days:collector:limit:)`` would list without a limit.
    public func agendaCount(today: BusinessDate = .today(), days: Int = 7, collector: String? = nil) throws -> Int {
        try refreshDerived(today: today)
        return try pool.read { db in
            let (sql, arguments) = Replica.agendaQuery("SELECT COUNT(*)", today: today, days: days, collector: collector)
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
    }

    static func agendaQuery(_ select: String, today: BusinessDate, days: Int, collector: String?) -> (String, StatementArguments) {
        var sql = select + " FROM agenda a"
        var arguments: StatementArguments = []
        if let collector {
            sql += " JOIN customers c ON c.id = a.customer_id AND c.collector = ?"
            arguments += [collector]
        }
        sql += " WHERE (a.qualify_me = 1 OR a.date <= ?)"
        return (sql, arguments + [today.adding(days: days).description])
    }

    /// One action, replayed from its events (`nil` when none is known).
    ///
    /// ```sql
    /// SELECT doc FROM action_events WHERE action_id = ? AND state != 'rejected'
    /// ```
    public func action(id: UUID) throws -> CollectionAction? {
        try pool.read { db in try Replica.action(id, in: db) }
    }

    /// Every action of a customer (or of the portfolio), newest date first.
    public func actions(customerCode: String? = nil) throws -> [CollectionAction] {
        try pool.read { db in
            let customer = try customerCode.map { try Replica.customerID(code: $0, in: db) }
            return try Replica.customerFiles(customer: customer, in: db).flatMap(\.actions)
                .sorted { ($0.date, $0.id.text) > ($1.date, $1.id.text) }
        }
    }

    /// What the derived views need about each customer (or one), built from this replica's
    /// facts (leaving out those the server refused) and payments.
    static func customerFiles(customer only: UUID? = nil, in db: Database) throws -> [CustomerFile] {
        let ids = try only.map { [$0.text] } ?? String.fetchAll(db, sql: "SELECT id FROM customers")
        var files: [CustomerFile] = []
        for start in stride(from: 0, to: ids.count, by: refreshBatch) {
            files += try customerFiles(customers: Array(ids[start..<min(ids.count, start + refreshBatch)]), in: db)
        }
        return files
    }

    /// The files of the given customers (at most a few hundred: one query per table). Items are
    /// read from their typed columns; facts from their stored wire JSON.
    ///
    /// ```sql
    /// SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date
    /// FROM items WHERE customer_id IN (?, ...)
    /// SELECT doc FROM qualifications WHERE customer_id IN (?, ...) AND state != 'rejected'
    /// ```
    static func customerFiles(customers ids: [String], in db: Database) throws -> [CustomerFile] {
        guard !ids.isEmpty else { return [] }
        let list = "(" + Array(repeating: "?", count: ids.count).joined(separator: ",") + ")"
        let arguments = StatementArguments(ids)
        let statuses = Dictionary(try String.fetchAll(db.cachedStatement(sql: "SELECT doc FROM statuses")).map(Status.fromWire).map { ($0.code, $0) },
                                  uniquingKeysWith: { first, _ in first })
        let customers = try String.fetchAll(db, sql: "SELECT doc FROM customers WHERE id IN \(list)", arguments: arguments).map(Customer.fromWire)
        var items: [UUID: [OpenItem]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT \(itemColumns) FROM items WHERE customer_id IN \(list)
            """, arguments: arguments)
        while let row = try rows.next() {
            let item = try typedItem(row)
            items[item.customerID, default: []].append(item)
        }
        func facts<T: Decodable>(_ type: T.Type, _ table: String, rejected: Bool) throws -> [T] {
            try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE customer_id IN \(list)" + (rejected ? "" : " AND state != 'rejected'"),
                                arguments: arguments).map(T.fromWire)
        }
        var qualifications: [UUID: [Qualification]] = [:]
        for q in try facts(Qualification.self, "qualifications", rejected: false) { qualifications[q.customerID, default: []].append(q) }
        var events: [UUID: [ActionEvent]] = [:]
        for e in try facts(ActionEvent.self, "action_events", rejected: false) { events[e.customerID, default: []].append(e) }
        var payments: [UUID: [Payment]] = [:]
        for p in try facts(Payment.self, "payments", rejected: true) { payments[p.customerID, default: []].append(p) }
        return customers.map { customer in
            CustomerFile(customer: customer, items: items[customer.id] ?? [], qualifications: qualifications[customer.id] ?? [],
                         actions: Array(CollectionAction.replayAll(events[customer.id] ?? []).values), statusesByCode: statuses,
                         payments: payments[customer.id] ?? [])
        }
    }

    /// The typed columns an item is read from, in the order ``typedItem(_:)`` expects.
    static let itemColumns = "id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date"

    /// One item, from its typed columns.
    ///
    /// ```sql
    /// SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date
    /// FROM items WHERE id = ?
    /// ```
    static func item(id: UUID, in db: Database) throws -> OpenItem? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(itemColumns) FROM items WHERE id = ?"), arguments: [id.text])
            .map(typedItem)
    }

    /// An item from its typed columns.
    static func typedItem(_ row: Row) throws -> OpenItem {
        guard let item = OpenItem(id: row[0], customerID: row[1], number: row[2], kind: row[3], issueDate: row[4], dueDate: row[5],
                                  initialMinor: row[6], openMinor: row[7], currency: row[8], clearedDate: row[9]) else {
            throw ReplicaError.corrupt("item row")
        }
        return item
    }

    /// The scenario steps the rules propose today, one per customer at most.
    static func proposals(today: BusinessDate, customer: UUID? = nil, in db: Database) throws -> [ScenarioProposal] {
        let scenarios = try scenarios(in: db)
        let settings = try settings(in: db)
        return try customerFiles(customer: customer, in: db).compactMap { file in
            let scenario = file.customer.scenario.flatMap { scenarios[$0] } ?? scenarios[Scenario.standard.code] ?? .standard
            return ScenarioPlanner(scenario: scenario, settings: settings).next(for: file, today: today)
        }
    }

    /// The scenarios the credit team defined, by code.
    static func scenarios(in db: Database) throws -> [String: Scenario] {
        Dictionary(uniqueKeysWithValues: try String.fetchAll(db, sql: "SELECT doc FROM scenarios").map(Scenario.fromWire).map { ($0.code, $0) })
    }

    /// The central collection settings (defaults until the server sent them).
    static func settings(in db: Database) throws -> CollectionSettings {
        try String.fetchOne(db, sql: "SELECT doc FROM settings WHERE key = 'collection'").map(CollectionSettings.fromWire) ?? CollectionSettings()
    }
}
