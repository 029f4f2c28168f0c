import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// What `dso customer CODE` shows: a customer's statement.
public struct CustomerStatement: Codable, Hashable, Sendable {
    public var customer: Customer
    public var collectionContact: Contact?
    public var items: [ItemView]
    public var recentActions: [CollectionAction]
    public var openPromises: [PromiseView]
    public var openDisputes: [Dispute]
}

extension Replica {
    /// Records a promise to pay, made today: a promise-to-pay qualification of the items carrying
    /// the promised date and amount (default: what is open on them; never more). Until it is
    /// kept, broken or superseded, its items leave the scenario; its follow-up, a specific action,
    /// is planned the status's delay after the promised date.
    @discardableResult
    public func promise(items: [String], date: BusinessDate, amount: Money? = nil, comment: String = "",
                        status: String = "promise_to_pay", today: BusinessDate = .today()) throws -> Qualification {
        let catalogue = try statuses().first { $0.code == status }
        guard catalogue?.type == .promiseToPay else {
            throw ReplicaError.rule(DomainError(.unknownStatus, "'\(status)' is not a promise-to-pay status"))
        }
        return try qualify(items: items, status: status, comment: comment, statusDate: today, promisedAmount: amount, promisedDate: date)
    }

    /// Opens a dispute on items: a dispute-type qualification naming a resolver, in the customer's
    /// words. The items leave the scenario; a specific follow-up action is planned.
    @discardableResult
    public func openDispute(items: [String], status: String, resolver: String, comment: String) throws -> Qualification {
        let catalogue = try statuses().first { $0.code == status }
        guard catalogue?.type == .dispute else {
            throw ReplicaError.rule(DomainError(.notADisputeStatus, "'\(status)' is not a dispute status (`dso statuses` lists them)"))
        }
        return try qualify(items: items, status: status, comment: comment, resolver: resolver, opensDispute: true)
    }

    /// Closes an open dispute (by the id of the qualification that opened it, its last 8
    /// characters, or the number of one of its items): a "dispute resolved" qualification of its
    /// open items. The items return to the scenario, and the dispute's follow-up is superseded.
    @discardableResult
    public func closeDispute(_ reference: String, comment: String = "Dispute resolved", status: String = "dispute_resolved") throws -> Dispute {
        let open = try disputes().filter(\.isOpen)
        var dispute = open.first { Replica.matches($0.id, reference) }
        if dispute == nil, let item = try? pool.read({ db in try Replica.resolveItem(reference, in: db) }) {
            dispute = open.first { $0.openItemIDs.contains(item) }
        }
        guard let dispute else { throw ReplicaError.unknownDispute(reference) }
        try qualify(items: dispute.openItemIDs.map(\.text), status: status, comment: comment, followUp: .none)
        return try disputes().first { $0.id == dispute.id }!
    }

    /// Disputes of the portfolio (or of one customer), open ones first.
    ///
    /// ```sql
    /// SELECT doc FROM disputes [WHERE customer_id = ?] ORDER BY is_open DESC, opened_on, id
    /// ```
    public func disputes(customerCode: String? = nil) throws -> [Dispute] {
        try refreshDerived()
        return try pool.read { db in
            let customer = try customerCode.map { try Replica.customerID(code: $0, in: db) }
            return try String.fetchAll(db, sql: "SELECT doc FROM disputes" + (customer == nil ? "" : " WHERE customer_id = ?")
                                       + " ORDER BY is_open DESC, opened_on, id", arguments: StatementArguments(customer.map { [$0.text] } ?? []))
                .map(Dispute.fromWire)
        }
    }

    /// Promises of the portfolio (or of one customer) with their state on `today`, judged from the
    /// payments and clearings the server imported.
    ///
    /// ```sql
    /// SELECT doc FROM promises [WHERE customer_id = ?] ORDER BY promised_date, id
    /// ```
    public func promises(customerCode: String? = nil, today: BusinessDate = .today()) throws -> [PromiseView] {
        try refreshDerived(today: today)
        return try pool.read { db in
            let customer = try customerCode.map { try Replica.customerID(code: $0, in: db) }
            return try String.fetchAll(db, sql: "SELECT doc FROM promises" + (customer == nil ? "" : " WHERE customer_id = ?")
                                       + " ORDER BY promised_date, id", arguments: StatementArguments(customer.map { [$0.text] } ?? []))
                .map(PromiseView.fromWire)
        }
    }

    /// Alerts of the portfolio on `today`: broken promises, customers overdue with no action for
    /// a while (or never) or with no contact for collection, long disputes (thresholds from the
    /// central settings), by customer code.
    ///
    /// ```sql
    /// SELECT a.* FROM alerts a [JOIN customers c ON c.id = a.customer_id AND c.collector = ?]
    /// ORDER BY a.customer_code, a.customer_id, a.ord LIMIT ?
    /// ```
    ///
    /// - Parameters:
    ///   - collector: only the alerts of this collector's customers.
    ///   - limit: at most this many alerts; `nil` for all.
    public func alerts(today: BusinessDate = .today(), collector: String? = nil, limit: Int? = nil) throws -> [CollectionAlert] {
        try refreshDerived(today: today)
        return try pool.read { db in
            let join = collector == nil ? "" : " JOIN customers c ON c.id = a.customer_id AND c.collector = ?"
            return try Row.fetchAll(db, sql: "SELECT a.* FROM alerts a\(join) ORDER BY a.customer_code, a.customer_id, a.ord LIMIT ?",
                                    arguments: StatementArguments(collector.map { [$0] } ?? []) + [limit ?? -1])
                .map { try Replica.alertBasis($0).alert(on: today) }
        }
    }

    /// How many alerts ``alerts(today:collector:limit:)`` would list without a limit.
    public func alertCount(today: BusinessDate = .today(), collector: String? = nil) throws -> Int {
        try refreshDerived(today: today)
        return try pool.read { db in
            let join = collector == nil ? "" : " JOIN customers c ON c.id = a.customer_id AND c.collector = ?"
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerts a\(join)", arguments: StatementArguments(collector.map { [$0] } ?? [])) ?? 0
        }
    }

    /// A customer's statement: open items with their status, recent actions, open promises and
    /// disputes, and the contact for collection.
    public func statement(customerCode: String, today: BusinessDate = .today()) throws -> CustomerStatement {
        let items = try self.items(customerCode: customerCode, today: today)
        return try pool.read { db in
            let id = try Replica.customerID(code: customerCode, in: db)
            let file = try Replica.customerFiles(customer: id, in: db)[0]
            let contact = try Replica.resolvedContacts(customer: id, in: db).map(\.contact).first(where: \.isCollectionContact)
            let settings = try Replica.settings(in: db)
            let scenario = try Replica.DerivedContext(in: db).scenario(of: file.customer)
            let digest = CustomerDigest.compute(file: file, scenario: scenario, settings: settings, hasCollectionContact: contact != nil, today: today)
            return CustomerStatement(customer: file.customer, collectionContact: contact, items: items,
                                     recentActions: Array(file.actions.sorted { $0.date > $1.date }.prefix(10)),
                                     openPromises: digest.promises.filter { $0.state == .pending },
                                     openDisputes: digest.disputes.filter(\.isOpen))
        }
    }
}
