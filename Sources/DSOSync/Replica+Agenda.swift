import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The collector's agenda, offline: late actions, today's, and the next `days` days'
    /// (scenario steps due, specific actions, follow-ups), late first.
    public func agenda(today: BusinessDate = .today(), days: Int = 7) throws -> [AgendaEntry] {
        try pool.read { db in
            Agenda.build(files: try Replica.customerFiles(in: db), scenarios: try Replica.scenarios(in: db), scenarioOf: { $0.scenario },
                         settings: try Replica.settings(in: db), today: today, days: days)
        }
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
                .sorted { ($0.date, $0.id.uuidString) > ($1.date, $1.id.uuidString) }
        }
    }

    /// What the derived views need about each customer (or one), built from this replica's
    /// facts (leaving out those the server refused) and payments.
    static func customerFiles(customer only: UUID? = nil, in db: Database) throws -> [CustomerFile] {
        let statuses = try String.fetchAll(db, sql: "SELECT doc FROM statuses").map(Status.fromWire)
        var filter = ""
        var arguments: StatementArguments = []
        if let only { filter = " WHERE customer_id = ?"; arguments = [only.uuidString] }
        let customers = try String.fetchAll(db, sql: "SELECT doc FROM customers" + (only == nil ? "" : " WHERE id = ?"), arguments: arguments)
            .map(Customer.fromWire)
        var items: [UUID: [OpenItem]] = [:]
        for item in try String.fetchAll(db, sql: "SELECT doc FROM items" + filter, arguments: arguments).map(OpenItem.fromWire) {
            items[item.customerID, default: []].append(item)
        }
        var qualifications: [UUID: [Qualification]] = [:]
        let qFilter = filter.isEmpty ? " WHERE state != 'rejected'" : filter + " AND state != 'rejected'"
        for q in try String.fetchAll(db, sql: "SELECT doc FROM qualifications" + qFilter, arguments: arguments).map(Qualification.fromWire) {
            qualifications[q.customerID, default: []].append(q)
        }
        var events: [UUID: [ActionEvent]] = [:]
        for e in try String.fetchAll(db, sql: "SELECT doc FROM action_events" + qFilter, arguments: arguments).map(ActionEvent.fromWire) {
            events[e.customerID, default: []].append(e)
        }
        var payments: [UUID: [Payment]] = [:]
        for p in try String.fetchAll(db, sql: "SELECT doc FROM payments" + filter, arguments: arguments).map(Payment.fromWire) {
            payments[p.customerID, default: []].append(p)
        }
        return customers.map { customer in
            CustomerFile(customer: customer, items: items[customer.id] ?? [], qualifications: qualifications[customer.id] ?? [],
                         actions: Array(CollectionAction.replayAll(events[customer.id] ?? []).values), statuses: statuses,
                         payments: payments[customer.id] ?? [])
        }
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
