import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// Where a fact comes from and what became of it: who wrote it, on which replica, when (its
/// HLC), under which server sequence and when the server received it, and, for a value that no
/// longer stands, the fact that overrode it.
public struct Provenance: Codable, Hashable, Sendable {
    public var factID: UUID
    /// The fact's change kind: `qualification.add`, `action.event`, `contact.edit`, `conflict.resolve`.
    public var kind: String
    public var author: String
    public var replicaID: UUID
    public var hlc: HLC
    /// Server sequence, once accepted.
    public var seq: Int64?
    /// When the server received it; `nil` while pending, or when not known here (facts
    /// downloaded before this replica kept receive times).
    public var receivedAt: Date?
    public var state: SyncState
    /// The fact that overrode this value (contact fields: the next edit of the field in precedence order).
    public var overriddenBy: UUID?
    /// What it says, in a few words.
    public var summary: String
}

/// One field of a contact: its value, who set it, and every value it had that was overridden.
public struct ContactFieldAudit: Codable, Hashable, Sendable {
    public var contactID: UUID
    public var contactName: String
    public var field: ContactField
    /// The value now (`nil`: cleared).
    public var value: String?
    /// The edit that set it (absent: the value imported from the ERP).
    public var setBy: Provenance?
    /// Earlier edits of the field, oldest first, each with what overrode it.
    public var overridden: [Provenance]
}

/// Everything a customer's file holds, with its provenance (`dso customer CODE --audit`).
public struct CustomerAudit: Codable, Hashable, Sendable {
    public var customer: Customer
    /// Contact fields edited in the field, with who set them and what they overrode.
    public var contactFields: [ContactFieldAudit]
    /// Qualifications of the customer's items, in precedence order.
    public var qualifications: [Provenance]
    /// Action events, in precedence order.
    public var actionEvents: [Provenance]
    /// The customer's conflicts this replica holds.
    public var conflicts: [ConflictEntry]
}

extension Replica {
    /// A customer's facts and field values with their provenance, offline.
    ///
    /// ```sql
    /// SELECT doc, seq, state, received_at FROM qualifications WHERE customer_id = ?  -- and action_events, contact_edits
    /// ```
    public func audit(customerCode: String) throws -> CustomerAudit {
        try pool.read { db in
            let id = try Replica.customerID(code: customerCode, in: db)
            guard let customer = try String.fetchOne(db, sql: "SELECT doc FROM customers WHERE id = ?", arguments: [id.text]).map(Customer.fromWire) else {
                throw ReplicaError.unknownCustomer(customerCode)
            }
            func rows(_ table: String) throws -> [Row] {
                try Row.fetchAll(db, sql: "SELECT doc, seq, state, received_at FROM \(table) WHERE customer_id = ?", arguments: [id.text])
            }
            func provenance<Fact: JournalFact>(_ fact: Fact, kind: String, author: String, summary: String, row: Row) -> Provenance {
                Provenance(factID: fact.id, kind: kind, author: author, replicaID: fact.replicaID, hlc: fact.hlc, seq: row["seq"],
                           receivedAt: (row["received_at"] as String?).flatMap(WireJSON.parseTimestamp),
                           state: SyncState(rawValue: row["state"]) ?? .pending, summary: summary)
            }
            let qualifications = try rows("qualifications").map { row in
                let q = try Qualification.fromWire(row["doc"])
                return (q, provenance(q, kind: "qualification.add", author: q.author, summary: q.summary, row: row))
            }.sorted { $0.0.precedes($1.0) }.map(\.1)
            let events = try rows("action_events").map { row in
                let e = try ActionEvent.fromWire(row["doc"])
                return (e, provenance(e, kind: "action.event", author: e.author, summary: e.summary, row: row))
            }.sorted { $0.0.precedes($1.0) }.map(\.1)
            var edits: [UUID: Provenance] = [:]
            for row in try rows("contact_edits") {
                let e = try ContactEdit.fromWire(row["doc"])
                edits[e.id] = provenance(e, kind: "contact.edit", author: e.author, summary: e.summary, row: row)
            }
            var fields: [ContactFieldAudit] = []
            for resolved in try Replica.resolvedContacts(customer: id, in: db) {
                for field in ContactField.allCases {
                    guard let winner = resolved.winners[field] else { continue }
                    // The field's edits in precedence order: each was overridden by the next.
                    let losers = resolved.overridden.filter { $0.field == field }.sorted { $0.precedes($1) }
                    let chain = losers + [winner]
                    let overridden = losers.enumerated().compactMap { index, edit -> Provenance? in
                        guard var p = edits[edit.id] else { return nil }
                        p.overriddenBy = chain[index + 1].id
                        return p
                    }
                    fields.append(ContactFieldAudit(contactID: resolved.contact.id, contactName: resolved.contact.name, field: field,
                                                    value: winner.value, setBy: edits[winner.id], overridden: overridden))
                }
            }
            let conflicts = try Row.fetchAll(db, sql: Replica.conflictSelect + " WHERE c.customer_id = ? ORDER BY c.id", arguments: [id.text])
                .map(Replica.conflictEntry)
            return CustomerAudit(customer: customer, contactFields: fields, qualifications: qualifications, actionEvents: events,
                                 conflicts: conflicts)
        }
    }
}
