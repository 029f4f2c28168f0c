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
        return PushResponse(serverTime: now, results: results)
    }

    /// Applies one change of a push in the caller's transaction and keeps its receipt.
    /// `payload` is the change's wire JSON, `stamp` the push's receive time, both prepared
    /// before the write transaction. Returns the answer and, for an accepted change, the
    /// collector of its customer at the time of the write (whose long-polls to wake).
    static func apply(_ change: Change, payload: String, replicaID: UUID, user: User, statuses: [String: Status], now: Date,
                      stamp: String, in db: Database) throws -> (result: ChangeResult, collector: String?) {
        if let receipt = try Row.fetchOne(db.cachedStatement(sql: "SELECT outcome, seq, code, detail FROM receipts WHERE change_id = ?"),
                                          arguments: [change.id.text]) {
            let outcome: String = receipt["outcome"]
            if outcome == ChangeResult.Outcome.rejected.rawValue {
                return (ChangeResult(id: change.id, outcome: .rejected, code: (receipt["code"] as String?).map(RejectionCode.init(rawValue:)),
                                     detail: receipt["detail"]), nil)
            }
            return (ChangeResult(id: change.id, outcome: .duplicate, seq: receipt["seq"]), nil)
        }
        let result: ChangeResult
        var collector: String?
        switch try decide(change, user: user, statuses: statuses, now: now, in: db) {
        case .success(let accepted):
            let seq = try record(accepted.body, payload: payload, in: db, at: now, stamp: stamp)
            result = ChangeResult(id: change.id, outcome: .accepted, seq: seq)
            collector = accepted.collector
        case .failure(let rejection):
            result = ChangeResult(id: change.id, outcome: .rejected, code: rejection.code, detail: rejection.detail)
        }
        try db.cachedStatement(sql: """
            INSERT INTO receipts(change_id, replica_id, login, outcome, seq, code, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [change.id.text, replicaID.text, user.login, result.outcome.rawValue,
                                     result.seq, result.code?.rawValue, result.detail, stamp])
        return (result, collector)
    }

    struct Rejection: Error {
        var code: RejectionCode
        var detail: String
    }

    /// The server's decision on one new change: the body to record and its customer's collector,
    /// or why not.
    static func decide(_ change: Change, user: User, statuses: [String: Status], now: Date,
                       in db: Database) throws -> Result<(body: ChangeBody, collector: String?), Rejection> {
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
            default: throw Rejection(code: .centralOwned, detail: "unsupported kind")
            }
            guard author == user.login else {
                throw Rejection(code: .authorMismatch, detail: "written by '\(author)' but pushed by '\(user.login)'")
            }
            if change.hlc.date.timeIntervalSince(now) > maxClockSkew {
                throw Rejection(code: .clockSkew, detail: "HLC \(change.hlc) is more than \(Int(maxClockSkew)) s ahead of the server clock")
            }
            let customerID = change.body.customerID!
            guard let customer = try customerScope(id: customerID, in: db) else {
                throw Rejection(code: RejectionCode(.unknownCustomer), detail: "unknown customer \(customerID.text)")
            }
            guard user.role.seesEverything || customer.collector == user.login else {
                throw Rejection(code: .outOfScope, detail: "customer \(customer.code) is not in \(user.login)'s portfolio")
            }
            do {
                switch change.body {
                case .qualification(let q):
                    var items: [UUID: OpenItem] = [:]
                    for id in q.itemIDs { items[id] = try item(id: id, in: db) }
                    let catalogue = statuses[q.statusCode]
                    // A dispute-type qualification of an item already in an open dispute changes that
                    // dispute's status (it stays open, PROTOCOL 16.2): accepted like any other.
                    try q.validate(items: items, status: catalogue, allowCleared: true)
                case .actionEvent(let e):
                    var items: [UUID: OpenItem] = [:]
                    for id in e.itemIDs ?? [] { items[id] = try item(id: id, in: db) }
                    let knows = try e.qualificationID.map { id in
                        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM qualifications WHERE id = ?"), arguments: [id.text]) == true
                    } ?? true
                    try e.validate(items: items, action: try action(id: e.actionID, in: db), knowsQualification: knows, allowCleared: true)
                case .contactEdit(let e):
                    let contacts = try resolvedContacts(customer: customerID, in: db)
                    try e.validate(contacts: Dictionary(uniqueKeysWithValues: contacts.map { ($0.contact.id, $0.contact) }))
                default:
                    break
                }
            } catch let error as DomainError {
                throw Rejection(code: RejectionCode(error.code), detail: error.message)
            }
            return .success((change.body, customer.collector))
        } catch let rejection as Rejection {
            return .failure(rejection)
        }
    }
}
