import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The collector's agenda, offline: late actions, today's, and the next `days` days'
    /// (scenario steps due, specific actions, follow-ups), late first.
    public func agenda(today: BusinessDate = .today(), days: Int = 7) throws -> [AgendaEntry] {
        try pool.read { db in
            Agenda.build(files: try Replica.customerFiles(in: db), scenarios: [:], scenarioOf: { _ in nil },
                         settings: CollectionSettings(), today: today, days: days)
        }
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
    /// facts, leaving out those the server refused.
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
        return customers.map { customer in
            CustomerFile(customer: customer, items: items[customer.id] ?? [], qualifications: qualifications[customer.id] ?? [],
                         actions: Array(CollectionAction.replayAll(events[customer.id] ?? []).values), statuses: statuses)
        }
    }

    /// The scenario steps the rules propose today, one per customer at most.
    static func proposals(today: BusinessDate, in db: Database) throws -> [ScenarioProposal] {
        try customerFiles(in: db).compactMap { ScenarioPlanner(scenario: .standard).next(for: $0, today: today) }
    }
}
