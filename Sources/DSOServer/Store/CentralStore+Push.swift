import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// How far ahead of the server clock a change's HLC may be.
    public static let maxClockSkew: TimeInterval = 300

    /// Applies a change-set atomically and answers per change, once it is committed.
    ///
    /// Concurrent pushes are written together (``GroupCommit``): each in its own savepoint, all
    /// in one transaction. A change already seen (by id) gets the answer it got the first time, so
    /// a push retried after a lost response never applies anything twice.
    public func push(_ request: PushRequest, by user: User, now: Date = Date()) async throws -> PushResponse {
        // Encoded here, concurrently with other pushes, not inside the shared write transaction.
        let payloads = try request.changes.map { try $0.body.payloadJSON() }
        let committed = try await groupCommit.submit(request, payloads: payloads, by: user, now: now,
                                                     stamp: WireJSON.formatTimestamp(now))
        if let head = committed.results.compactMap({ $0.outcome == .accepted ? $0.seq : nil }).max() {
            // Wake the collectors of the customers touched (and the managers), not every long-poll.
            await signal.notify(collectors: committed.collectors, head: head)
        }
        let results = committed.results
        ServerMetric.changes(results.map { ChangeResultSummary(outcome: $0.outcome.rawValue, code: $0.code?.rawValue) })
        return PushResponse(serverTime: now, results: results)
    }

    /// Applies one change of a push in the caller's transaction and keeps its receipt.
    /// `payload` is the change's wire JSON, `stamp` the push's receive time, both prepared
    /// before the write transaction. Returns the answer and the collectors whose long-polls to
    /// wake: the collector of an accepted change's customer at the time of the write, and the
    /// addressee of a conflict it raised.
    ///
    /// A rejected fact (but a conflict resolution) is kept in the conflict inbox as refused
    /// work, addressed to the pusher; a fact that overrides, or loses to, a concurrent one
    /// raises a conflict addressed to the author of the losing side.
    ///
    /// `receipts`: the receipts of the changes of the caller's group, read before (``receipts(of:in:)``),
    /// and kept up to date with this change's.
    static func apply(_ change: Change, payload: String, replicaID: UUID, user: User, statuses: [String: Status], now: Date,
                      stamp: String, receipts: inout [String: Receipt], reads: PushReads? = nil,
                      in db: some SQLSession) throws -> (result: ChangeResult, collectors: Set<String>) {
        if let receipt = receipts[change.id.text] {
            if receipt.outcome == ChangeResult.Outcome.rejected.rawValue {
                return (ChangeResult(id: change.id, outcome: .rejected, code: receipt.code.map(RejectionCode.init(rawValue:)),
                                     detail: receipt.detail), [])
            }
            return (ChangeResult(id: change.id, outcome: .duplicate, seq: receipt.seq), [])
        }
        let result: ChangeResult
        var collectors = Set<String>()
        var decision = try decide(change, user: user, statuses: statuses, now: now, reads: reads, in: db)
        if case .success(let accepted) = decision, case .conflictResolution(let resolution) = accepted.body, resolution.decision == .accept {
            // The refused fact is applied first: when it no longer can be, the decision is refused.
            do {
                collectors.formUnion(try applyAccepted(conflict: resolution.conflictID, now: now, stamp: stamp, in: db))
            } catch let rejection as Rejection {
                decision = .failure(rejection)
            }
        }
        switch decision {
        case .success(let accepted):
            let seq = try record(accepted.body, payload: payload, in: db, at: now, stamp: stamp)
            result = ChangeResult(id: change.id, outcome: .accepted, seq: seq)
            if let collector = accepted.collector { collectors.insert(collector) }
            for conflict in accepted.conflicts {
                try record(.conflict(conflict), in: db, at: now, stamp: stamp)
                collectors.insert(conflict.addressee)
            }
        case .failure(let rejection):
            result = ChangeResult(id: change.id, outcome: .rejected, code: rejection.code, detail: rejection.detail)
            if let conflict = try refusedWork(change, payload: payload, rejection: rejection, user: user, now: now, in: db) {
                try record(.conflict(conflict), in: db, at: now, stamp: stamp)
                try db.send("UPDATE conflicts SET fact_payload = ? WHERE id = ?", payload, conflict.id.text)
                collectors.insert(conflict.addressee)
            }
        }
        try db.send("""
            INSERT INTO receipts(change_id, replica_id, login, outcome, seq, code, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, change.id.text, replicaID.text, user.login, result.outcome.rawValue,
            result.seq, result.code?.rawValue, result.detail, stamp)
        receipts[change.id.text] = Receipt(outcome: result.outcome.rawValue, seq: result.seq, code: result.code?.rawValue, detail: result.detail)
        return (result, collectors)
    }

    /// A change's receipt: the answer it got the first time.
    struct Receipt: Sendable {
        var outcome: String
        var seq: Int64?
        var code: String?
        var detail: String?
    }

    /// The receipts of the changes `ids` that have one, 500 ids per statement (one or a few
    /// statements per group of pushes instead of one per change).
    ///
    /// ```sql
    /// SELECT change_id, outcome, seq, code, detail FROM receipts WHERE change_id IN (?, …)
    /// ```
    static func receipts(of ids: [String], in db: some SQLSession) throws -> [String: Receipt] {
        var out: [String: Receipt] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[start..<min(ids.count, start + 500)])
            for row in try db.rows("SELECT change_id, outcome, seq, code, detail FROM receipts WHERE change_id IN \(list(part.count))", part) {
                out[try row.text(0)] = Receipt(outcome: try row.text(1), seq: row.get(2), code: row.get(3), detail: row.get(4))
            }
        }
        return out
    }

    struct Rejection: Error {
        var code: RejectionCode
        var detail: String
    }

    /// What the server decided to apply: the body, its customer's collector, and the conflicts
    /// it raises.
    struct Accepted {
        var body: ChangeBody
        var collector: String?
        var conflicts: [Conflict] = []
    }

    /// The server's decision on one new change: the body to record and its customer's collector,
    /// or why not.
    ///
    /// Scope is judged at the fact's time: a fact on a customer that was in its author's
    /// portfolio at its HLC, or had left it less than `reassignment_grace_days` before, is
    /// accepted (work done offline across a reassignment). `waiveScope`: the credit team accepts
    /// refused work; every other rule still holds.
    ///
    /// `reads`: the customers and items read for the caller's group of pushes (``PushReads``).
    static func decide(_ change: Change, user: User, statuses: [String: Status], now: Date, waiveScope: Bool = false,
                       reads: PushReads? = nil, in db: some SQLSession) throws -> Result<Accepted, Rejection> {
        func customerScope(id: UUID, in db: some SQLSession) throws -> (code: String, collector: String?)? {
            if let read = reads?.scope(id) { return read }
            return try CentralStore.customerScope(id: id, in: db)
        }
        func item(id: UUID, in db: some SQLSession) throws -> OpenItem? {
            if let read = reads?.item(id) { return read }
            return try CentralStore.item(id: id, in: db)
        }
        do {
            guard change.body.kind.isFieldWritable else {
                throw Rejection(code: .centralOwned, detail: "\(change.body.kind.rawValue) is central-owned: replicas cannot write it")
            }
            guard let fact = change.body.factIdentity, fact.id == change.id, fact.hlc == change.hlc else {
                throw Rejection(code: .idMismatch, detail: "the change id and HLC must equal the fact's")
            }
            let author: String
            switch change.body {
            case .qualification(let q): author = q.author
            case .actionEvent(let e): author = e.author
            case .contactEdit(let e): author = e.author
            case .conflictResolution(let r): author = r.author
            default: throw Rejection(code: .centralOwned, detail: "unsupported kind")
            }
            guard author == user.login else {
                throw Rejection(code: .authorMismatch, detail: "written by '\(author)' but pushed by '\(user.login)'")
            }
            if change.hlc.date.timeIntervalSince(now) > maxClockSkew {
                throw Rejection(code: .clockSkew, detail: "HLC \(change.hlc) is more than \(Int(maxClockSkew)) s ahead of the server clock")
            }
            if case .conflictResolution(let resolution) = change.body {
                // A resolution is judged against its conflict, not the customer's scope: the
                // conflict's addressee may no longer hold the customer.
                try checkResolution(resolution, role: user.role, in: db)
                return .success(Accepted(body: change.body, collector: try customerScope(id: resolution.customerID, in: db)?.collector))
            }
            let customerID = change.body.customerID!
            guard let customer = try customerScope(id: customerID, in: db) else {
                throw Rejection(code: RejectionCode(.unknownCustomer), detail: "unknown customer \(customerID.text)")
            }
            if !(waiveScope || user.role.seesEverything || customer.collector == user.login) {
                let grace = try collectionSettings(in: db).reassignmentGraceDays
                let periods = try assignmentPeriods(customer: customerID.text, collector: user.login, in: db)
                guard AssignmentPeriod.admits(periods, author: user.login, hlc: change.hlc, graceDays: grace) else {
                    throw Rejection(code: .outOfScope, detail: periods.isEmpty
                        ? "customer \(customer.code) is not in \(user.login)'s portfolio"
                        : "customer \(customer.code) left \(user.login)'s portfolio more than \(grace) day(s) before this was written")
                }
            }
            var accepted = Accepted(body: change.body, collector: customer.collector)
            do {
                switch change.body {
                case .qualification(let q):
                    var items: [UUID: OpenItem] = [:]
                    for id in q.itemIDs { items[id] = try item(id: id, in: db) }
                    let catalogue = statuses[q.statusCode]
                    // A dispute-type qualification of an item already in an open dispute changes that
                    // dispute's status (it stays open, PROTOCOL 16.2): accepted like any other.
                    try q.validate(items: items, status: catalogue, allowCleared: true)
                    accepted.conflicts = try concurrentQualifications(of: q, customerCode: customer.code, now: now, in: db)
                case .actionEvent(let e):
                    var items: [UUID: OpenItem] = [:]
                    for id in e.itemIDs ?? [] { items[id] = try item(id: id, in: db) }
                    let knows = try e.qualificationID.map { id in
                        try db.value("SELECT 1 FROM qualifications WHERE id = ?", id.text, as: Bool.self) == true
                    } ?? true
                    try e.validate(items: items, action: try action(id: e.actionID, in: db), knowsQualification: knows, allowCleared: true)
                case .contactEdit(let e):
                    let contacts = try resolvedContacts(customer: customerID, in: db)
                    try e.validate(contacts: Dictionary(uniqueKeysWithValues: contacts.map { ($0.contact.id, $0.contact) }))
                    if let resolved = contacts.first(where: { $0.contact.id == e.contactID }), let other = e.concurrentEdit(in: resolved) {
                        accepted.conflicts = [e.conflict(with: other, id: UUIDv7.make(), customerCode: customer.code, at: now)]
                    }
                default:
                    break
                }
            } catch let error as DomainError {
                throw Rejection(code: RejectionCode(error.code), detail: error.message)
            }
            return .success(accepted)
        } catch let rejection as Rejection {
            return .failure(rejection)
        }
    }

    /// The conflicts a qualification raises: one per current qualification of its items that
    /// someone else wrote without its author having seen it (``Qualification/concurrent(with:)``).
    ///
    /// The current qualification is read (and decoded) only when its author did not see it:
    /// ```sql
    /// SELECT qualification_id FROM item_current WHERE item_id = ?
    /// SELECT doc FROM qualifications WHERE id = ?
    /// ```
    static func concurrentQualifications(of q: Qualification, customerCode: String, now: Date, in db: some SQLSession) throws -> [Conflict] {
        guard let seen = q.basedOn else { return [] }
        var byCurrent: [UUID: (Qualification, [UUID])] = [:]
        var order: [UUID] = []
        for itemID in q.itemIDs {
            guard let currentID = try db.value("SELECT qualification_id FROM item_current WHERE item_id = ?", itemID.text, as: String.self)
                    .flatMap(UUID.init(text:)),
                  !seen.contains(currentID),
                  let current = try db.value("SELECT doc FROM qualifications WHERE id = ?", currentID.text, as: String.self)
                    .map(Qualification.fromWire),
                  q.concurrent(with: current) else { continue }
            if byCurrent[current.id] == nil { order.append(current.id) }
            byCurrent[current.id, default: (current, [])].1.append(itemID)
        }
        return order.map { id in
            let (current, items) = byCurrent[id]!
            return q.conflict(with: current, items: items, id: UUIDv7.make(), customerCode: customerCode, at: now)
        }
    }

    /// Refused work for the inbox: every rejected fact, addressed to the user who pushed it.
    /// `nil` for a refused resolution (its author sees the answer; it is no work of the field).
    static func refusedWork(_ change: Change, payload: String, rejection: Rejection, user: User, now: Date,
                            in db: some SQLSession) throws -> Conflict? {
        let side: ConflictSide
        switch change.body {
        case .qualification(let q): side = ConflictSides.of(q)
        case .actionEvent(let e): side = ConflictSides.of(e)
        case .contactEdit(let e): side = ConflictSides.of(e)
        default: return nil
        }
        guard let customerID = change.body.customerID else { return nil }
        let code = try customerScope(id: customerID, in: db)?.code ?? "(unknown)"
        var conflict = Conflict.refused(side, id: UUIDv7.make(), customerID: customerID, customerCode: code,
                                        code: rejection.code.rawValue, detail: rejection.detail, at: now)
        conflict.addressee = user.login
        return conflict
    }
}
