import DSOModel
import DSOProtocol
import DSOStore
import Foundation
import GRDB

extension Replica {
    /// The conflict inbox as this replica knows it, newest first: conflicts the server found
    /// and what became of each (a decision pulled from the server, or one written here and not
    /// yet pushed). Works offline.
    ///
    /// - Parameters:
    ///   - all: every conflict this replica holds (its customers'), not only the user's own
    ///     (those addressed to the user: their edit lost, their work was refused).
    ///   - openOnly: only conflicts nobody resolved yet.
    ///
    /// ```sql
    /// SELECT c.doc, r.doc, r.seq FROM conflicts c LEFT JOIN conflict_resolutions r ON r.conflict_id = c.id
    ///     AND r.state != 'rejected' WHERE c.addressee = ? ORDER BY c.id DESC
    /// ```
    public func conflicts(all: Bool = false, openOnly: Bool = false) throws -> [ConflictEntry] {
        try pool.read { db in
            let login = try Replica.meta("login", in: db) ?? ""
            let entries = try Row.fetchAll(db, sql: Replica.conflictSelect + " WHERE (? OR c.addressee = ?) ORDER BY c.id DESC",
                                           arguments: [all, login]).map(Replica.conflictEntry)
            return openOnly ? entries.filter(\.isOpen) : entries
        }
    }

    /// One conflict by its id or a unique ending of it (at least 6 characters; the CLI shows 8).
    public func conflict(_ reference: String) throws -> ConflictEntry {
        try pool.read { db in try Replica.conflictEntry(reference, in: db) }
    }

    /// Resolves a conflict, offline: the decision is a fact, pushed on the next sync and
    /// replicated with its author.
    ///
    /// - `keepMine` / `keepTheirs` on a contact field or a qualification write the kept side
    ///   again as a new fact (a contact edit, a qualification) when it is not the current value,
    ///   so it wins like any later write; nothing is written when it already is.
    /// - `dismiss`: seen, nothing to change; say why in `comment`.
    /// - `accept` is the credit team's (refused work): a collector's replica refuses it.
    ///
    /// - Throws: ``ReplicaError/unknownConflict(_:)``, ``ReplicaError/rule(_:)`` (already
    ///   resolved, not the user's conflict, a decision that does not fit); nothing is written then.
    @discardableResult
    public func resolveConflict(_ reference: String, decision: ConflictResolution.Decision, comment: String? = nil) throws -> ConflictEntry {
        try pool.write { db in
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let entry = try Replica.conflictEntry(reference, in: db)
            let conflict = entry.conflict
            let comment = comment.flatMap { $0.isEmpty ? nil : $0 }
            // The rule first, with the decision alone: nothing is written when it is refused.
            let probe = ConflictResolution(id: UUIDv7.make(), conflictID: conflict.id, customerID: conflict.customerID, decision: decision,
                                           comment: comment, author: account.login, replicaID: id, hlc: clock.last)
            do throws(DomainError) {
                try probe.validate(conflict: conflict, existing: entry.resolution, role: account.role)
            } catch {
                throw ReplicaError.rule(error)
            }
            var factID: UUID?
            if decision == .keepMine || decision == .keepTheirs, let kept = decision == .keepMine ? conflict.mine : conflict.theirs {
                factID = try writeKept(kept, of: conflict, in: db)
            }
            let resolution = ConflictResolution(id: probe.id, conflictID: conflict.id, customerID: conflict.customerID, decision: decision,
                                                comment: comment, factID: factID, author: account.login, replicaID: id, hlc: clock.now())
            try Replica.store(resolution, seq: nil, state: .pending, in: db)
            try Replica.enqueue(Change(resolution), customerID: conflict.customerID, in: db)
            try Replica.setMeta("hlc", clock.last.description, in: db)
            return try Replica.conflictEntry(conflict.id.text, in: db)
        }
    }

    /// Writes the kept side of a contact-field or qualification conflict again, unless it is
    /// the current value already. Returns the new fact's id.
    private func writeKept(_ kept: ConflictSide, of conflict: Conflict, in db: Database) throws -> UUID? {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [conflict.customerID.text]) == true else {
            throw ReplicaError.rule(DomainError(.invalidDecision,
                "customer \(conflict.customerCode) is no longer in your portfolio: dismiss the conflict, or ask the credit team to keep your value"))
        }
        switch conflict.kind {
        case .contactField:
            guard let contactID = conflict.contactID, let field = conflict.field else { return nil }
            let contacts = try Replica.resolvedContacts(customer: conflict.customerID, in: db)
            guard let contact = contacts.first(where: { $0.contact.id == contactID }) else { throw ReplicaError.unknownContact(contactID.text) }
            if contact.winners[field]?.id == kept.factID { return nil }
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let edit = ContactEdit(id: UUIDv7.make(), contactID: contactID, customerID: conflict.customerID, kind: .set, field: field,
                                   value: kept.value, base: contact.versions[field], author: account.login, replicaID: id, hlc: clock.now())
            try Replica.append(edit, in: db)
            try Replica.recompute([conflict.customerID.text], today: .today(), in: db)
            return edit.id
        case .qualification:
            guard let original = try String.fetchOne(db, sql: "SELECT doc FROM qualifications WHERE id = ?", arguments: [kept.factID.text])
                .map(Qualification.fromWire) else { throw ReplicaError.rule(DomainError(.unknownQualification, "the kept qualification is not here")) }
            let items = conflict.itemIDs ?? original.itemIDs
            let current = try Replica.currentQualifications(of: items, in: db)
            if current == [original.id] { return nil }
            let open = try items.filter { try Replica.item(id: $0, in: db).map { !$0.isCleared } ?? false }
            guard !open.isEmpty else {
                throw ReplicaError.rule(DomainError(.itemCleared, "the items are paid: nothing to qualify again; dismiss the conflict"))
            }
            return try qualify(items: open.map(\.text), status: original.statusCode, comment: original.comment, statusDate: nil,
                               resolver: original.resolver, followUp: .standard, promisedAmount: nil,
                               promisedDate: original.promisedDate, opensDispute: false, in: db).id
        case .refused:
            return nil
        }
    }

    static let conflictSelect = """
        SELECT c.doc, r.doc AS resolution, r.seq AS resolved_seq FROM conflicts c
        LEFT JOIN conflict_resolutions r ON r.id = (
            SELECT id FROM conflict_resolutions WHERE conflict_id = c.id AND state != 'rejected'
            ORDER BY state = 'accepted' DESC, id LIMIT 1)
        """

    static func conflictEntry(_ row: Row) throws -> ConflictEntry {
        ConflictEntry(conflict: try Conflict.fromWire(row["doc"]),
                      resolution: try (row["resolution"] as String?).map(ConflictResolution.fromWire),
                      resolvedSeq: row["resolved_seq"])
    }

    static func conflictEntry(_ reference: String, in db: Database) throws -> ConflictEntry {
        switch try IDReference.match(reference, select: conflictSelect, column: "c.id", in: db) {
        case .one(let row): return try conflictEntry(row)
        case .none, .tooShort: throw ReplicaError.unknownConflict(reference)
        case .several: throw ReplicaError.ambiguousConflict(reference)
        }
    }

    /// Inserts a conflict resolution (or records that the server accepted one written here).
    static func store(_ resolution: ConflictResolution, seq: Int64?, state: SyncState, receivedAt: String? = nil, in db: Database) throws {
        try storeFact(resolution, table: "conflict_resolutions", parent: ("conflict_id", resolution.conflictID),
                      customerID: resolution.customerID, seq: seq, state: state, receivedAt: receivedAt, in: db)
    }

    /// The credit team accepted refused work written here: the fact stands. Returns its customer
    /// when this replica holds it (its derived state then counts the fact); otherwise the fact
    /// leaves this replica, as any accepted fact of a customer held elsewhere.
    static func acceptRefusedFact(of conflictID: UUID, in db: Database) throws -> String? {
        guard let conflict = try String.fetchOne(db, sql: "SELECT doc FROM conflicts WHERE id = ?", arguments: [conflictID.text])
            .map(Conflict.fromWire) else { return nil }
        let fact = conflict.mine.factID.text
        var changed = false
        for table in ["qualifications", "action_events", "contact_edits"] {
            try db.execute(sql: "UPDATE \(table) SET state = 'accepted', reject_code = NULL, reject_detail = NULL WHERE id = ? AND state = 'rejected'",
                           arguments: [fact])
            changed = changed || db.changesCount > 0
        }
        guard changed else { return nil }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [conflict.customerID.text]) == true else {
            try dropOrphan(fact, in: db)
            return nil
        }
        for itemID in try String.fetchAll(db, sql: "SELECT item_id FROM qualification_items WHERE qualification_id = ?", arguments: [fact]) {
            try recomputeCurrent(of: itemID, in: db)
        }
        return conflict.customerID.text
    }

    /// Removes an accepted fact whose customer this replica no longer holds (once the first
    /// download is complete): the server and the customer's holder keep it.
    static func dropOrphan(_ id: String, in db: Database) throws {
        guard try meta("downloaded", in: db) == "1" else { return }
        let orphan = "id = ? AND state = 'accepted' AND customer_id NOT IN (SELECT id FROM customers)"
        try db.execute(sql: "DELETE FROM qualification_items WHERE qualification_id IN (SELECT id FROM qualifications WHERE \(orphan))",
                       arguments: [id])
        for table in ["qualifications", "action_events", "contact_edits"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(orphan)", arguments: [id])
        }
    }
}
