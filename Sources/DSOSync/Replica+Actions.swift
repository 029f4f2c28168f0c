import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// Logs a contact made now (a call, a visit…) with its outcome: an action born done.
    ///
    /// - Parameters:
    ///   - customerCode: the customer's code.
    ///   - items: item numbers or ids of that customer (may be empty for a customer-level contact).
    @discardableResult
    public func logAction(customerCode: String, channel: Channel, outcome: ActionOutcome, items: [String] = [],
                          note: String? = nil, date: BusinessDate? = nil) throws -> CollectionAction {
        try writeEvent { db, account, hlc in
            let customer = try Replica.customerID(code: customerCode, in: db)
            return ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: customer, kind: .created, date: date ?? .today(),
                               actionKind: .oneOff, channel: channel, itemIDs: try items.map { try Replica.resolveItem($0, in: db) },
                               outcome: outcome, note: note, author: account.login, replicaID: id, hlc: hlc)
        }
    }

    /// Plans a specific action on chosen items: they leave the scenario until it is done or cancelled.
    @discardableResult
    public func planAction(customerCode: String, channel: Channel, date: BusinessDate, items: [String],
                           note: String? = nil) throws -> CollectionAction {
        try writeEvent { db, account, hlc in
            let customer = try Replica.customerID(code: customerCode, in: db)
            return ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: customer, kind: .created, date: date,
                               actionKind: .specific, channel: channel, itemIDs: try items.map { try Replica.resolveItem($0, in: db) },
                               note: note, author: account.login, replicaID: id, hlc: hlc)
        }
    }

    /// Marks an action (or the scenario step the agenda proposes) done.
    @discardableResult
    public func completeAction(_ reference: String, outcome: ActionOutcome, note: String? = nil,
                               date: BusinessDate? = nil) throws -> CollectionAction {
        try continueAction(reference, kind: .done, date: date ?? .today(), outcome: outcome, note: note)
    }

    /// Moves a planned action (or a proposed scenario step) to another date.
    @discardableResult
    public func rescheduleAction(_ reference: String, to date: BusinessDate) throws -> CollectionAction {
        try continueAction(reference, kind: .rescheduled, date: date, outcome: nil, note: nil)
    }

    /// Cancels a planned action (or skips a proposed scenario step).
    @discardableResult
    public func cancelAction(_ reference: String, note: String? = nil) throws -> CollectionAction {
        try continueAction(reference, kind: .cancelled, date: .today(), outcome: nil, note: note)
    }

    private func continueAction(_ reference: String, kind: ActionEvent.Kind, date: BusinessDate, outcome: ActionOutcome?,
                                note: String?) throws -> CollectionAction {
        try writeEvent { db, account, hlc in
            let today = BusinessDate.today()
            // The action as every node derives it (a follow-up a newer qualification superseded
            // is cancelled, whatever its own events say).
            var target = try Replica.resolveAction(reference, in: db).map { ActionTarget.action(try Replica.derived($0, in: db)) }
            if target == nil, let proposal = try Replica.proposal(matching: reference, today: today, in: db) {
                target = .proposal(proposal)
            }
            if target == nil { target = try Replica.actionOnItem(reference, today: today, in: db) }
            switch target {
            case .action(let action)?:
                if action.state != .planned {
                    let why = action.isSuperseded ? "cancelled: a newer qualification superseded it" : "already \(action.state.rawValue)"
                    throw ReplicaError.rule(DomainError(.unknownAction, "action \(Replica.short(action.id)) is \(why)"))
                }
                return ActionEvent(id: UUIDv7.make(), actionID: action.id, customerID: action.customerID, kind: kind, date: date,
                                   outcome: outcome, note: note, author: account.login, replicaID: id, hlc: hlc)
            case nil:
                throw ReplicaError.unknownAction(reference)
            case .proposal:
                break
            }
            // Not stored yet: a scenario step the agenda proposes. Acting on it creates it, with
            // its derived id, so that every node agrees on which step was handled.
            guard case .proposal(let proposal)? = target else { throw ReplicaError.unknownAction(reference) }
            let createdOutcome: ActionOutcome? = kind == .done ? outcome : nil
            return ActionEvent(id: UUIDv7.make(), actionID: proposal.id, customerID: proposal.customerID, kind: .created,
                               date: kind == .cancelled ? proposal.date : date, actionKind: .scenario, channel: proposal.channel,
                               itemIDs: proposal.itemIDs, scenarioStep: proposal.stepIndex, leaderItemID: proposal.leaderItemID,
                               outcome: createdOutcome, note: note, author: account.login, replicaID: id, hlc: hlc)
        } then: { db, event, account in
            // Skipping a proposed step: created, then cancelled at once.
            guard kind == .cancelled, event.kind == .created else { return }
            let cancel = ActionEvent(id: UUIDv7.make(), actionID: event.actionID, customerID: event.customerID, kind: .cancelled,
                                     date: date, note: note, author: account.login, replicaID: id, hlc: clock.now())
            try Replica.append(cancel, in: db)
        }
    }

    /// `action` as its customer's file derives it (superseded follow-ups cancelled, items a newer
    /// qualification took over left out).
    static func derived(_ action: CollectionAction, in db: Database) throws -> CollectionAction {
        try customerFiles(customer: action.customerID, in: db).first?.actions.first { $0.id == action.id } ?? action
    }

    /// The scenario step proposed today whose id is (or ends with) `reference`. The stored agenda
    /// names the customer; its proposal is computed afresh.
    ///
    /// ```sql
    /// SELECT DISTINCT customer_id FROM agenda WHERE id LIKE '%' || ?
    /// ```
    static func proposal(matching reference: String, today: BusinessDate, in db: Database) throws -> ScenarioProposal? {
        let ref = reference.uppercased()
        guard UUID(text: ref) != nil || ref.count >= 6 else { return nil }
        let customers = try String.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM agenda WHERE id LIKE '%' || ?", arguments: [ref])
        for customer in customers.compactMap(UUID.init(text:)) {
            if let proposal = try proposals(today: today, customer: customer, in: db).first(where: { matches($0.id, reference) }) {
                return proposal
            }
        }
        return nil
    }

    /// What `done`, `reschedule` and `cancel` act on.
    enum ActionTarget {
        case action(CollectionAction)
        case proposal(ScenarioProposal)
    }

    /// The one open action (or proposed scenario step) of the agenda that chases an item, when
    /// `reference` is an item number: `dso done INV-2026-000031`.
    static func actionOnItem(_ reference: String, today: BusinessDate, in db: Database) throws -> ActionTarget? {
        guard let itemID = try? resolveItem(reference, in: db) else { return nil }
        let customer = try String.fetchOne(db, sql: "SELECT customer_id FROM items WHERE id = ?", arguments: [itemID.text]).flatMap(UUID.init(text:))
        guard let customer, let file = try customerFiles(customer: customer, in: db).first else { return nil }
        var targets = file.actions.filter { $0.isOpen && !$0.isObsolete(items: file.items) && $0.kind != .scenario && $0.itemIDs.contains(itemID) }
            .map(ActionTarget.action)
        if let proposal = try proposals(today: today, customer: customer, in: db).first(where: { $0.itemIDs.contains(itemID) }) {
            targets.append(.proposal(proposal))
        }
        guard targets.count <= 1 else {
            let ids = targets.map { target -> String in
                switch target {
                case .action(let a): short(a.id)
                case .proposal(let p): short(p.id)
                }
            }
            throw ReplicaError.rule(DomainError(.unknownAction, "several actions chase \(reference) (\(ids.joined(separator: ", "))); name one by its id"))
        }
        return targets.first
    }

    /// Validates and stores one event with its outbox entry, in one transaction.
    private func writeEvent(_ make: (Database, Account, HLC) throws -> ActionEvent,
                            then: (Database, ActionEvent, Account) throws -> Void = { _, _, _ in }) throws -> CollectionAction {
        try pool.write { db in
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let event = try make(db, account, clock.now())
            try Replica.append(event, in: db)
            try then(db, event, account)
            try Replica.setMeta("hlc", clock.last.description, in: db)
            try Replica.recompute([event.customerID.text], today: .today(), in: db)
            return try Replica.action(event.actionID, in: db)!
        }
    }

    /// Checks an event with the shared rule, then stores it and queues it for the server.
    static func append(_ event: ActionEvent, in db: Database) throws {
        var items: [UUID: OpenItem] = [:]
        for itemID in event.itemIDs ?? [] {
            items[itemID] = try item(id: itemID, in: db)
        }
        do {
            try event.validate(items: items, action: try action(event.actionID, in: db), allowCleared: false)
        } catch let error as DomainError {
            throw ReplicaError.rule(error)
        }
        try store(event, seq: nil, state: .pending, in: db)
        try enqueue(Change(event), customerID: event.customerID, in: db)
    }

    static func store(_ event: ActionEvent, seq: Int64?, state: SyncState, receivedAt: String? = nil, in db: Database) throws {
        try storeFact(event, table: "action_events", parent: ("action_id", event.actionID), customerID: event.customerID,
                      seq: seq, state: state, receivedAt: receivedAt, in: db)
    }

    /// Inserts a journal fact, or records that the server accepted one written here.
    ///
    /// ```sql
    /// INSERT INTO <table>(id, <parent>, customer_id, doc, seq, state, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    /// ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, state = excluded.state,
    ///     received_at = COALESCE(excluded.received_at, received_at)
    /// ```
    static func storeFact<Fact: JournalFact & Encodable>(_ fact: Fact, table: String, parent: (column: String, id: UUID), customerID: UUID,
                                                          seq: Int64?, state: SyncState, receivedAt: String? = nil, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(table)(id, \(parent.column), customer_id, doc, seq, state, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, state = excluded.state,
                received_at = COALESCE(excluded.received_at, received_at)
            """).execute(arguments: [fact.id.text, parent.id.text, customerID.text, try fact.wireJSON(), seq, state.rawValue, receivedAt])
    }

    /// Queues a change for the next push.
    static func enqueue(_ change: Change, customerID: UUID, in db: Database) throws {
        try db.execute(sql: "INSERT INTO outbox(change_id, customer_id, body, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [change.id.text, customerID.text, try change.wireJSON(), WireJSON.formatTimestamp(Date())])
    }

    static func action(_ id: UUID, in db: Database) throws -> CollectionAction? {
        let events = try String.fetchAll(db.cachedStatement(sql: "SELECT doc FROM action_events WHERE action_id = ? AND state != 'rejected'"),
                                         arguments: [id.text]).map(ActionEvent.fromWire)
        return CollectionAction.replay(events)
    }

    /// A stored action by full id or by a unique ending of at least 6 characters (the random end
    /// of a UUIDv7: its beginning is a timestamp, shared by actions created in the same minute).
    static func resolveAction(_ reference: String, in db: Database) throws -> CollectionAction? {
        let ref = reference.uppercased()
        if let id = UUID(text: ref) { return try action(id, in: db) }
        guard ref.count >= 6 else { return nil }
        let ids = try String.fetchAll(db, sql: "SELECT DISTINCT action_id FROM action_events WHERE action_id LIKE '%' || ?", arguments: [ref])
        guard ids.count <= 1 else { throw ReplicaError.ambiguousAction(reference) }
        return try ids.first.flatMap(UUID.init(text:)).flatMap { try action($0, in: db) }
    }

    static func matches(_ id: UUID, _ reference: String) -> Bool {
        let ref = reference.uppercased()
        return id.text == ref || (ref.count >= 6 && id.text.hasSuffix(ref))
    }

    /// The 8-character form the CLI shows: the end of the id (random in a UUIDv7, hashed in a derived id).
    public static func short(_ id: UUID) -> String { String(id.text.suffix(8)).lowercased() }

    /// A customer by code: exact, else case-insensitive when that matches one customer only.
    static func customerID(code: String, in db: Database) throws -> UUID {
        if let id = try String.fetchOne(db, sql: "SELECT id FROM customers WHERE code = ?", arguments: [code]).flatMap(UUID.init(text:)) {
            return id
        }
        let matches = try Row.fetchAll(db, sql: "SELECT id, code FROM customers WHERE code = ? COLLATE NOCASE", arguments: [code])
        guard matches.count == 1, let id = UUID(text: matches[0]["id"]) else {
            if matches.count > 1 { throw ReplicaError.ambiguousCustomer(code, candidates: matches.map { $0["code"] }) }
            throw ReplicaError.unknownCustomer(code)
        }
        return id
    }
}
