import DSOModel
import DSOProtocol
@testable import DSOServer
import DSOSync
import Foundation
import GRDB

/// What must hold once every replica has pushed and pulled (issue 9, part 5):
/// - every replica's facts and derived state equal the server's for its scope;
/// - no acknowledged change is missing or applied twice;
/// - every conflict that happened is in the inbox, with both values (recomputed from the log).
extension HarnessWorld {
    func check() throws -> [String] {
        var problems: [String] = []
        let customers = try store.customers()
        let states = Dictionary(uniqueKeysWithValues: try store.itemStates().map { ($0.item.id, $0) })
        let qualifications = try store.qualifications()
        let actions = try store.actions()
        let contacts = try store.resolvedContacts()
        let conflicts = try store.conflicts()
        // The store itself.
        let storeCheck = try store.check()
        if !storeCheck.isConsistent { problems.append("store check: \(storeCheck.problems)") }

        // Nothing acknowledged missing; nothing applied twice.
        // (The store's tables are read through its own engine: SQLite or PostgreSQL.)
        let (factIDs, duplicates) = try store.backend.readNow { db -> (Set<UUID>, [String]) in
            var ids = Set<UUID>()
            var duplicates: [String] = []
            for (table, kind) in [("qualifications", "qualification.add"), ("action_events", "action.event"),
                                  ("contact_edits", "contact.edit"), ("conflict_resolutions", "conflict.resolve"), ("conflicts", "conflict.add")] {
                let rows = try db.values("SELECT id FROM \(table)", as: String.self)
                ids.formUnion(rows.compactMap(UUID.init(uuidString:)))
                let logged: Int = try db.value("SELECT count(*) FROM changes WHERE kind = ?", kind) ?? 0
                if logged != rows.count { duplicates.append("\(kind): \(logged) in the log, \(rows.count) rows") }
            }
            return (ids, duplicates)
        }
        problems += duplicates
        var rejected: [UUID: String] = [:]
        for m in members {
            let missing = m.recorder.acknowledgedIDs.subtracting(factIDs)
            if !missing.isEmpty { problems.append("\(m.login): \(missing.count) acknowledged change(s) missing on the server: \(missing.prefix(3))") }
            rejected.merge(m.recorder.rejectedIDs) { a, _ in a }
        }

        // Every refused fact is in the inbox (a refused resolution is not work: it raises none).
        let resolutionIDs = try Set(members.flatMap { m in
            try DatabaseQueue(path: m.path).read { db in
                try String.fetchAll(db, sql: "SELECT id FROM conflict_resolutions").compactMap(UUID.init(uuidString:))
            }
        })
        let refusedFacts = Set(conflicts.filter { $0.conflict.kind == .refused }.map(\.conflict.mine.factID))
        for (id, code) in rejected where !resolutionIDs.contains(id) && !refusedFacts.contains(id) {
            problems.append("rejected \(id) (\(code)) is not in the conflict inbox")
        }
        // (A refusal whose answer was lost may be accepted by the credit team before its author
        // pushes again: the retry is then answered as a duplicate.)
        let acknowledged = Set(members.flatMap(\.recorder.acknowledgedIDs))
        for entry in conflicts where entry.conflict.kind == .refused && rejected[entry.conflict.mine.factID] == nil
            && !(entry.resolution?.decision == .accept && acknowledged.contains(entry.conflict.mine.factID)) {
            problems.append("refused conflict \(entry.id) names \(entry.conflict.mine.factID), which no push answer rejected; "
                            + (try whereabouts(of: entry.conflict.mine.factID)) + "; \(entry.conflict.code ?? "") \(entry.conflict.detail ?? "")")
        }

        // Every conflict that happened, recomputed from the log in sequence order.
        let expected = try expectedConflicts()
        let found = Set(conflicts.filter { $0.conflict.kind != .refused }.compactMap { entry -> Set<UUID>? in
            entry.conflict.theirs.map { [entry.conflict.mine.factID, $0.factID] }
        })
        for pair in expected.subtracting(found) { problems.append("conflict between \(pair) happened but is not in the inbox") }
        for pair in found.subtracting(expected) { problems.append("inbox holds a conflict between \(pair) that did not happen") }
        let edits = try store.backend.readNow { db in
            Dictionary(uniqueKeysWithValues: try db.values("SELECT doc FROM contact_edits", as: String.self).map(ContactEdit.fromWire).map { ($0.id, $0) })
        }
        for entry in conflicts where entry.conflict.kind == .contactField {
            let c = entry.conflict
            if edits[c.mine.factID]?.value != c.mine.value || edits[c.theirs!.factID]?.value != c.theirs?.value {
                problems.append("conflict \(c.id) does not carry both values of its edits")
            }
        }

        // Every replica against the server, for its scope.
        for m in members {
            problems += try compare(m, customers: customers, states: states, qualifications: qualifications, actions: actions,
                                    contacts: contacts, conflicts: conflicts)
        }
        return problems
    }

    /// The ids of the server's qualifications, action events and contact edits of `customers`.
    func central(factsOf customers: Set<UUID>) throws -> [Set<UUID>] {
        try store.backend.readNow { db in
            try ["qualifications", "action_events", "contact_edits"].map { table in
                Set(try db.rows("SELECT id, customer_id FROM \(table)").compactMap { row -> UUID? in
                    guard let customer = row.get(1, as: String.self).flatMap(UUID.init(uuidString:)), customers.contains(customer) else { return nil }
                    return row.get(0, as: String.self).flatMap(UUID.init(uuidString:))
                })
            }
        }
    }

    /// Where a fact is on the replicas, and in which state (for problem reports).
    func whereabouts(of id: UUID) throws -> String {
        try members.map { m in
            try DatabaseQueue(path: m.path).read { db in
                var found: [String] = []
                for table in ["qualifications", "action_events", "contact_edits", "conflict_resolutions"] {
                    if let row = try Row.fetchOne(db, sql: "SELECT state, reject_code FROM \(table) WHERE id = ?", arguments: [id.uuidString]) {
                        found.append("\(table) \(row["state"] as String) \(row["reject_code"] as String? ?? "")")
                    }
                }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE change_id = ?", arguments: [id.uuidString]) == true { found.append("in outbox") }
                return "\(m.login): \(found.isEmpty ? "absent" : found.joined(separator: ", "))"
            }
        }.joined(separator: " | ")
    }

    private func compare(_ m: Member, customers: [Customer], states: [UUID: ItemState], qualifications: [Qualification],
                         actions: [CollectionAction], contacts: [ResolvedContact], conflicts: [ConflictEntry]) throws -> [String] {
        var problems: [String] = []
        let who = "\(m.login) (\(Replica.short(m.replica.id)))"
        let manager = m.login == "claire"
        let scope = customers.filter { manager || $0.collector == m.login }
        let scopeIDs = Set(scope.map(\.id))
        let replicaCheck = try m.replica.check()
        if !replicaCheck.isConsistent { problems.append("\(who): replica check: \(replicaCheck.problems)") }
        let pending = try m.replica.pendingCount()
        if pending != 0 { problems.append("\(who): \(pending) change(s) still pending") }
        let codes = Set(try m.replica.customers().map(\.customer.code))
        if codes != Set(scope.map(\.code)) { problems.append("\(who): customers \(codes.sorted()) ≠ server \(scope.map(\.code).sorted())") }

        // Facts: exactly the server's of her scope (none left behind of a customer that moved).
        let held = try DatabaseQueue(path: m.path).read { db in
            try ["qualifications", "action_events", "contact_edits"].map { table in
                Set(try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE state = 'accepted'").compactMap(UUID.init(uuidString:)))
            }
        }
        let expectedFacts = try central(factsOf: scopeIDs)
        for (index, table) in ["qualifications", "action events", "contact edits"].enumerated() where held[index] != expectedFacts[index] {
            problems.append("\(who): \(table): \(held[index].count) held, \(expectedFacts[index].count) on the server in scope "
                            + "(\(held[index].subtracting(expectedFacts[index]).count) extra, \(expectedFacts[index].subtracting(held[index]).count) missing)")
        }

        // Open items, their current status and their history.
        let local = try m.replica.items()
        let open = states.values.filter { !$0.item.isCleared && scopeIDs.contains($0.item.customerID) }
        if Set(local.map(\.item.id)) != Set(open.map(\.item.id)) { problems.append("\(who): open items differ") }
        for view in local {
            guard let state = states[view.item.id] else { continue }
            if view.item != state.item { problems.append("\(who): item \(view.item.number) differs") }
            if view.current?.id != state.current?.id { problems.append("\(who): current status of \(view.item.number) differs") }
            let history = Set(try m.replica.history(of: view.item.id.uuidString).filter { $0.state != .rejected }.map(\.qualification.id))
            let expected = Set(qualifications.filter { $0.itemIDs.contains(view.item.id) }.map(\.id))
            if history != expected { problems.append("\(who): history of \(view.item.number): \(history.count) ≠ server \(expected.count)") }
        }

        // Actions: the same replay of the same events.
        let localActions = Dictionary(try m.replica.actions().map { ($0.id, $0) }) { a, _ in a }
        let serverActions = Dictionary(actions.filter { scopeIDs.contains($0.customerID) }.map { ($0.id, $0) }) { a, _ in a }
        if Set(localActions.keys) != Set(serverActions.keys) {
            problems.append("\(who): actions \(localActions.count) ≠ server \(serverActions.count)")
        } else {
            for (id, action) in localActions where action != serverActions[id] { problems.append("\(who): action \(Replica.short(id)) differs") }
        }

        // Contacts, field by field.
        for customer in scope {
            let local = Set(try m.replica.contacts(customerCode: customer.code).map(\.contact))
            let server = Set(contacts.filter { $0.contact.customerID == customer.id }.map(\.contact))
            if local != server { problems.append("\(who): contacts of \(customer.code) differ") }
        }

        // The conflict inbox: her customers' and her own, with the same decisions.
        let localConflicts = Dictionary(uniqueKeysWithValues: try m.replica.conflicts(all: true).map { ($0.id, $0.state) })
        let serverConflicts = Dictionary(uniqueKeysWithValues: conflicts
            .filter { manager || scopeIDs.contains($0.conflict.customerID) || $0.conflict.addressee == m.login }.map { ($0.id, $0.state) })
        if localConflicts != serverConflicts {
            problems.append("\(who): conflicts \(localConflicts.count) (\(localConflicts.values.sorted())) ≠ server \(serverConflicts.count) (\(serverConflicts.values.sorted()))")
        }
        return problems
    }

    /// The conflicts the rules say happened, from the store's facts in the order it applied them:
    /// an edit based on another version than its field's winner then, a qualification whose
    /// author did not see an item's current qualification then (written by someone else).
    private func expectedConflicts() throws -> Set<Set<UUID>> {
        try store.backend.readNow { db in
            var expected = Set<Set<UUID>>()
            var seenEdits: [String: [ContactEdit]] = [:]
            for doc in try db.values("SELECT doc FROM contact_edits ORDER BY seq", as: String.self) {
                let edit = try ContactEdit.fromWire(doc)
                guard edit.kind == .set, let field = edit.field else { continue }
                let key = "\(edit.contactID)|\(field.rawValue)"
                if let winner = seenEdits[key]?.reduce(nil, { (best: ContactEdit?, next) in best.map { $0.precedes(next) ? next : $0 } ?? next }),
                   winner.hlc != edit.base {
                    expected.insert([edit.id, winner.id])
                }
                seenEdits[key, default: []].append(edit)
            }
            var seen: [UUID: [Qualification]] = [:]
            for doc in try db.values("SELECT doc FROM qualifications ORDER BY seq", as: String.self) {
                let q = try Qualification.fromWire(doc)
                for item in q.itemIDs {
                    if let current = Qualification.current(of: seen[item] ?? []), q.concurrent(with: current) {
                        expected.insert([q.id, current.id])
                    }
                    seen[item, default: []].append(q)
                }
            }
            return expected
        }
    }
}
