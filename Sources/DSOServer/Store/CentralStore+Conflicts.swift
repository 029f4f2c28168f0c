import DSOModel
import DSOProtocol
import DSOStore
import Foundation
import GRDB

/// Which conflicts to list.
public struct ConflictFilter: Sendable {
    /// Only those addressed to this collector.
    public var addressee: String?
    /// Only those nobody resolved yet.
    public var openOnly: Bool
    /// Only those of this customer.
    public var customerCode: String?

    public init(addressee: String? = nil, openOnly: Bool = false, customerCode: String? = nil) {
        self.addressee = addressee
        self.openOnly = openOnly
        self.customerCode = customerCode
    }
}

extension CentralStore {
    /// The conflict inbox, newest first.
    ///
    /// ```sql
    /// SELECT c.doc, r.doc AS resolution, r.seq AS resolved_seq FROM conflicts c
    /// LEFT JOIN conflict_resolutions r ON r.conflict_id = c.id
    /// WHERE c.addressee = ? AND r.id IS NULL ORDER BY c.id DESC
    /// ```
    public func conflicts(_ filter: ConflictFilter = ConflictFilter()) throws -> [ConflictEntry] {
        try backend.readNow { db in
            var sql = """
                SELECT c.doc, r.doc AS resolution, r.seq AS resolved_seq FROM conflicts c
                LEFT JOIN conflict_resolutions r ON r.conflict_id = c.id WHERE TRUE
                """
            var arguments: [any SQLArgument] = []
            if let addressee = filter.addressee {
                sql += " AND c.addressee = ?"
                arguments.append(addressee)
            }
            if filter.openOnly { sql += " AND r.id IS NULL" }
            if let code = filter.customerCode {
                sql += " AND c.customer_id = (SELECT id FROM customers WHERE code = ?)"
                arguments.append(code)
            }
            sql += " ORDER BY c.id DESC"
            return try db.rows(sql, arguments).map(CentralStore.conflictEntry)
        }
    }

    /// One conflict by its id, or by a unique ending of at least 6 characters of it.
    public func conflict(_ reference: String) throws -> ConflictEntry {
        try backend.readNow { db in try CentralStore.conflictEntry(reference, in: db) }
    }

    static func conflictEntry(_ row: SQLRow) throws -> ConflictEntry {
        ConflictEntry(conflict: try Conflict.fromWire(row.text(0)),
                      resolution: try row.get(1, as: String.self).map(ConflictResolution.fromWire),
                      resolvedSeq: row.get(2))
    }

    /// A conflict by its id or a unique ending of it (``DSOStore/IDReference``):
    ///
    /// ```sql
    /// SELECT c.doc, … FROM conflicts c LEFT JOIN … WHERE c.id = ?                                -- a whole id
    /// SELECT c.doc, … FROM conflicts c LEFT JOIN … WHERE c.id LIKE '%' || ? LIMIT 2   -- an ending
    /// ```
    static func conflictEntry(_ reference: String, in db: some SQLSession) throws -> ConflictEntry {
        let select = """
            SELECT c.doc, r.doc AS resolution, r.seq AS resolved_seq FROM conflicts c
            LEFT JOIN conflict_resolutions r ON r.conflict_id = c.id
            """
        let ref = reference.uppercased()
        let rows: [SQLRow]
        if UUID(text: ref) != nil {
            rows = try db.rows(select + " WHERE c.id = ?", ref)
        } else if ref.count >= IDReference.shortest {
            rows = try db.rows(select + " WHERE c.id LIKE '%' || ? LIMIT 2", ref)
        } else {
            throw UserError(description: "'\(reference)' is too short: give a conflict id or at least its last 6 characters")
        }
        switch rows.count {
        case 0: throw UserError(description: "no conflict '\(reference)'; `dso-server conflicts` lists them")
        case 1: return try conflictEntry(rows[0])
        default: throw UserError(description: "'\(reference)' names several conflicts; give more of its id")
        }
    }

    /// Records what the credit team decided about a conflict, as a replicated fact written on
    /// the server (replica id: the server's), with `author` (a manager or an admin). `accept`
    /// applies the refused fact, attributed to its own author; `keep_mine`/`keep_theirs` on a
    /// contact field writes the kept value again as a new edit, which wins like any later write.
    ///
    /// - Throws: ``UserError`` naming the rule broken (unknown conflict, already resolved, a
    ///   decision that does not fit the conflict, a fact that can no longer be applied);
    ///   nothing is written then.
    public func resolveConflict(_ reference: String, decision: ConflictResolution.Decision, comment: String?, by author: String,
                                now: Date = Date()) async throws -> ConflictEntry {
        let stamp = WireJSON.formatTimestamp(now)
        let serverID = self.serverID
        let (entry, collectors, head) = try await backend.write { db -> (ConflictEntry, Set<String>, Int64) in
            guard let user = try CentralStore.user(login: author, in: db) else {
                throw UserError(description: "no user '\(author)'; pass --by with a manager's or an admin's login")
            }
            guard user.role.seesEverything else {
                throw UserError(description: "'\(author)' is a \(user.role.rawValue); the credit team's commands need a manager or an admin (--by)")
            }
            let entry = try CentralStore.conflictEntry(reference, in: db)
            let conflict = entry.conflict
            var hlc = HLC(millis: now.millis)
            var factID: UUID?
            var collectors: Set<String> = [conflict.addressee]
            if decision == .keepMine || decision == .keepTheirs, conflict.kind == .contactField {
                // The kept value, written again as a new edit (when it is not the winning value already).
                let kept = decision == .keepMine ? conflict.mine : conflict.theirs
                if let kept, let winner = conflict.theirs, let contactID = conflict.contactID, let field = conflict.field {
                    let current = try CentralStore.resolvedContacts(customer: conflict.customerID, in: db)
                        .first { $0.contact.id == contactID }
                    let winning = current?.winners[field]
                    if winning?.id != kept.factID {
                        let edit = ContactEdit(id: UUIDv7.make(), contactID: contactID, customerID: conflict.customerID, kind: .set,
                                               field: field, value: kept.value, base: winning?.hlc, author: author, replicaID: serverID,
                                               hlc: hlc)
                        try CentralStore.record(.contactEdit(edit), in: db, at: now, stamp: stamp)
                        factID = edit.id
                        hlc.counter += 1
                    }
                    _ = winner
                }
            }
            let resolution = ConflictResolution(id: UUIDv7.make(), conflictID: conflict.id, customerID: conflict.customerID,
                                                decision: decision, comment: comment.flatMap { $0.isEmpty ? nil : $0 }, factID: factID,
                                                author: author, replicaID: serverID, hlc: hlc)
            do {
                try CentralStore.checkResolution(resolution, role: user.role, in: db)
                // The refused fact first: a fact that can no longer be applied refuses the decision.
                if decision == .accept {
                    collectors.formUnion(try CentralStore.applyAccepted(conflict: conflict.id, now: now, stamp: stamp, in: db))
                }
            } catch let rejection as Rejection {
                throw UserError(description: rejection.detail + (rejection.detail.contains("[unknown_qualification]")
                    ? "; accept the refused qualification it follows first" : ""))
            }
            try CentralStore.record(.conflictResolution(resolution), in: db, at: now, stamp: stamp)
            if let collector = try CentralStore.customerScope(id: conflict.customerID, in: db)?.collector { collectors.insert(collector) }
            let head = try CentralStore.head(in: db)
            try CentralStore.announce(head: head, collectors: collectors, in: db)
            return (try CentralStore.conflictEntry(conflict.id.text, in: db), collectors, head)
        }
        await signal.notify(collectors: collectors, head: head)
        return entry
    }

    /// Checks a resolution against its conflict, in the caller's transaction.
    static func checkResolution(_ resolution: ConflictResolution, role: Role, in db: some SQLSession) throws {
        guard let row = try db.row("""
            SELECT c.doc, r.doc AS resolution FROM conflicts c LEFT JOIN conflict_resolutions r ON r.conflict_id = c.id WHERE c.id = ?
            """, resolution.conflictID.text) else {
            throw Rejection(code: RejectionCode(.unknownConflict), detail: "unknown conflict \(resolution.conflictID.text)")
        }
        let conflict = try Conflict.fromWire(row.text(0))
        let existing = try row.get(1, as: String.self).map(ConflictResolution.fromWire)
        do {
            try resolution.validate(conflict: conflict, existing: existing, role: role)
        } catch {
            throw Rejection(code: RejectionCode(error.code), detail: error.message)
        }
    }

    /// Applies the refused fact of an accepted conflict, attributed to its author, with every
    /// rule but scope; its receipt becomes `accepted`, so a retried push of it is a duplicate.
    /// Returns the collectors to wake.
    static func applyAccepted(conflict id: UUID, now: Date, stamp: String, in db: some SQLSession) throws -> Set<String> {
        guard let row = try db.row("SELECT fact_kind, fact_payload, doc FROM conflicts WHERE id = ?", id.text),
              let kind = row.get(0, as: String.self), let payload = row.get(1, as: String.self) else {
            throw Rejection(code: RejectionCode(.invalidDecision), detail: "the refused fact was not kept; dismiss the conflict")
        }
        let conflict = try Conflict.fromWire(row.text(2))
        let body = try ServerChange.fromWire("{\"seq\":0,\"kind\":\"\(kind)\",\"payload\":\(payload)}").body
        guard let fact = body.factIdentity else { throw Rejection(code: RejectionCode(.invalidDecision), detail: "not a field fact") }
        let author = try user(login: conflict.mine.author, in: db) ?? User(login: conflict.mine.author, role: .collector)
        let change = Change(id: fact.id, hlc: fact.hlc, body: body)
        switch try decide(change, user: author, statuses: statusCatalogue(in: db), now: now, waiveScope: true, in: db) {
        case .failure(let rejection):
            throw Rejection(code: RejectionCode(.invalidDecision), detail: "it cannot be applied now: \(rejection.detail) [\(rejection.code)]")
        case .success(let accepted):
            let seq = try record(accepted.body, payload: payload, in: db, at: now, stamp: stamp)
            try db.execute("UPDATE receipts SET outcome = 'accepted', seq = ?, code = NULL, detail = NULL WHERE change_id = ?", seq, fact.id.text)
            var collectors = Set(accepted.collector.map { [$0] } ?? [])
            for raised in accepted.conflicts {
                try record(.conflict(raised), in: db, at: now, stamp: stamp)
                collectors.insert(raised.addressee)
            }
            return collectors
        }
    }
}
