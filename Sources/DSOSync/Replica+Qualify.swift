import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// Qualifies one or more items of one customer, offline: writes the qualification and its
    /// outbox entry in one transaction, and makes it the items' current status.
    ///
    /// A dispute status on items already in an open dispute changes that dispute's status (it
    /// stays open, with its opening date); any other status type ends it.
    ///
    /// - Parameters:
    ///   - items: item numbers or ids, all of one customer, all open.
    ///   - status: a status code of the catalogue (`promise_to_pay`, `price_dispute`…).
    ///   - comment: what the customer said; required for disputes.
    ///   - statusDate: the date the status refers to; default today.
    ///   - resolver: who must resolve a dispute (a user's login, checked against the users the
    ///     server sent); required for dispute statuses.
    ///   - followUp: the follow-up action to plan (default: status date + the status's delay).
    ///   - promisedAmount: with a promise-to-pay status, the amount promised (at most what is open).
    ///   - promisedDate: with a promise-to-pay status, the day the customer will pay.
    /// - Throws: ``ReplicaError`` naming the rule broken; nothing is written then.
    @discardableResult
    public func qualify(items: [String], status: String, comment: String, statusDate: BusinessDate? = nil,
                        resolver: String? = nil, followUp: FollowUpChoice = .standard,
                        promisedAmount: Money? = nil, promisedDate: BusinessDate? = nil) throws -> Qualification {
        try qualify(items: items, status: status, comment: comment, statusDate: statusDate, resolver: resolver, followUp: followUp,
                    promisedAmount: promisedAmount, promisedDate: promisedDate, opensDispute: false)
    }

    /// `opensDispute`: the caller means to open a new dispute, which items already in one refuse.
    func qualify(items: [String], status: String, comment: String, statusDate: BusinessDate? = nil,
                 resolver: String? = nil, followUp: FollowUpChoice = .standard,
                 promisedAmount: Money? = nil, promisedDate: BusinessDate? = nil, opensDispute: Bool) throws -> Qualification {
        try pool.write { db in
            try qualify(items: items, status: status, comment: comment, statusDate: statusDate, resolver: resolver, followUp: followUp,
                        promisedAmount: promisedAmount, promisedDate: promisedDate, opensDispute: opensDispute, in: db)
        }
    }

    /// Qualifies items in the caller's transaction (see ``qualify(items:status:comment:statusDate:resolver:followUp:promisedAmount:promisedDate:)``).
    func qualify(items: [String], status: String, comment: String, statusDate: BusinessDate?, resolver: String?, followUp: FollowUpChoice,
                 promisedAmount: Money?, promisedDate: BusinessDate?, opensDispute: Bool, in db: Database) throws -> Qualification {
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let ids = try items.map { try Replica.resolveItem($0, in: db) }
            var known: [UUID: OpenItem] = [:]
            for id in ids {
                known[id] = try Replica.item(id: id, in: db)
            }
            guard let first = ids.first.flatMap({ known[$0] }) else { throw ReplicaError.rule(DomainError(.noItems, "name at least one item")) }
            let catalogue = try String.fetchOne(db, sql: "SELECT doc FROM statuses WHERE code = ?", arguments: [status]).map(Status.fromWire)
            guard let catalogue else {
                throw ReplicaError.unknownStatus(status, suggestions: Spelling.closeMatches(status, in: try String.fetchAll(db, sql: "SELECT code FROM statuses")))
            }
            let hlc = clock.now()
            let qualification = Qualification(
                id: UUIDv7.make(), customerID: first.customerID, itemIDs: ids, statusCode: status,
                comment: comment, statusDate: statusDate ?? .today(),
                resolver: resolver.flatMap { $0.isEmpty ? nil : $0 }, author: account.login, replicaID: id, hlc: hlc,
                promisedAmount: catalogue.type == .promiseToPay ? promisedAmount : nil,
                promisedDate: catalogue.type == .promiseToPay ? promisedDate : nil,
                basedOn: try Replica.currentQualifications(of: ids, in: db))
            do {
                try qualification.validate(items: known, status: catalogue, allowCleared: false)
                try qualification.checkResolver(knownLogins: Set(try String.fetchAll(db, sql: "SELECT login FROM users")))
                // Only opening a dispute needs the customer's history (one open dispute per item).
                if opensDispute, let file = try Replica.customerFiles(customer: qualification.customerID, in: db).first {
                    try qualification.checkNotInOpenDispute(in: file)
                }
            } catch let error as DomainError {
                throw ReplicaError.rule(error)
            }
            try Replica.store(qualification, seq: nil, state: .pending, in: db)
            try Replica.enqueue(Change(qualification), customerID: qualification.customerID, in: db)
            if let event = qualification.followUp(followUp, status: catalogue, eventID: UUIDv7.make(), hlc: clock.now()) {
                try Replica.append(event, in: db)
            }
            try Replica.setMeta("hlc", clock.last.description, in: db)
            try Replica.recompute([qualification.customerID.text], today: .today(), in: db)
            return qualification
    }

    /// The current qualifications of items, as this replica sees them: what a new
    /// qualification of them is based on (``Qualification/basedOn``).
    ///
    /// ```sql
    /// SELECT DISTINCT qualification_id FROM item_current WHERE item_id IN (?, ...) ORDER BY qualification_id
    /// ```
    static func currentQualifications(of items: [UUID], in db: Database) throws -> [UUID] {
        guard !items.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: items.count).joined(separator: ", ")
        return try String.fetchAll(db, sql: "SELECT DISTINCT qualification_id FROM item_current WHERE item_id IN (\(marks)) ORDER BY qualification_id",
                                   arguments: StatementArguments(items.map(\.text))).compactMap(UUID.init(text:))
    }

    /// Inserts a qualification (or marks a local one accepted) and moves the items' current status.
    static func store(_ q: Qualification, seq: Int64?, state: SyncState, receivedAt: String? = nil, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO qualifications(id, customer_id, status_code, doc, seq, state, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, state = excluded.state,
                received_at = COALESCE(excluded.received_at, received_at)
            """).execute(arguments: [q.id.text, q.customerID.text, q.statusCode, try q.wireJSON(), seq, state.rawValue, receivedAt])
        for itemID in q.itemIDs {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO qualification_items(item_id, qualification_id) VALUES (?, ?)")
                .execute(arguments: [itemID.text, q.id.text])
            let current = try String.fetchOne(db.cachedStatement(sql: """
                SELECT q.doc FROM item_current c JOIN qualifications q ON q.id = c.qualification_id WHERE c.item_id = ?
                """), arguments: [itemID.text]).map(Qualification.fromWire)
            if q.supersedes(current) {
                try db.cachedStatement(sql: """
                    INSERT INTO item_current(item_id, qualification_id) VALUES (?, ?)
                    ON CONFLICT(item_id) DO UPDATE SET qualification_id = excluded.qualification_id
                    """).execute(arguments: [itemID.text, q.id.text])
            }
        }
    }

    /// Recomputes an item's current status from its history, leaving out rejected facts.
    static func recomputeCurrent(of itemID: String, in db: Database) throws {
        let history = try String.fetchAll(db.cachedStatement(sql: """
            SELECT q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
            WHERE qi.item_id = ? AND q.state != 'rejected'
            """), arguments: [itemID]).map(Qualification.fromWire)
        if let current = Qualification.current(of: history) {
            try db.cachedStatement(sql: """
                INSERT INTO item_current(item_id, qualification_id) VALUES (?, ?)
                ON CONFLICT(item_id) DO UPDATE SET qualification_id = excluded.qualification_id
                """).execute(arguments: [itemID, current.id.text])
        } else {
            try db.cachedStatement(sql: "DELETE FROM item_current WHERE item_id = ?").execute(arguments: [itemID])
        }
    }
}
