import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// A customer's contacts: imported ones and those added in the field, each field at its
    /// latest edit (last writer wins, the same on every node).
    public func contacts(customerCode: String) throws -> [ResolvedContact] {
        try pool.read { db in try Replica.resolvedContacts(customer: try Replica.customerID(code: customerCode, in: db), in: db) }
    }

    /// Adds a contact to a customer, offline.
    @discardableResult
    public func addContact(customerCode: String, name: String, role: String? = nil, email: String? = nil, phone: String? = nil,
                           notes: String? = nil) throws -> Contact {
        try pool.write { db in
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let customer = try Replica.customerID(code: customerCode, in: db)
            let contact = Contact(id: UUIDv7.make(), customerID: customer, name: name, role: role, email: email, phone: phone, notes: notes)
            let edit = ContactEdit(id: UUIDv7.make(), contactID: contact.id, customerID: customer, kind: .added, contact: contact,
                                   author: account.login, replicaID: id, hlc: clock.now())
            try Replica.append(edit, in: db)
            try Replica.recompute([customer.text], today: .today(), in: db)
            return contact
        }
    }

    /// Sets fields of a contact, offline. Each field is its own edit, based on the version this
    /// replica holds, so that a concurrent edit elsewhere is resolved field by field.
    ///
    /// - Parameter reference: the contact's id or its last 8 characters.
    @discardableResult
    public func editContact(_ reference: String, set fields: [ContactField: String?]) throws -> Contact {
        try pool.write { db in
            guard let account = try Replica.account(in: db) else { throw ReplicaError.notAttached }
            let all = try Replica.resolvedContacts(customer: nil, in: db)
            guard let target = all.first(where: { Replica.matches($0.contact.id, reference) }) else { throw ReplicaError.unknownContact(reference) }
            for (field, value) in fields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let edit = ContactEdit(id: UUIDv7.make(), contactID: target.contact.id, customerID: target.contact.customerID, kind: .set,
                                       field: field, value: value, base: target.versions[field], author: account.login, replicaID: id,
                                       hlc: clock.now())
                try Replica.append(edit, in: db)
            }
            try Replica.setMeta("hlc", clock.last.description, in: db)
            try Replica.recompute([target.contact.customerID.text], today: .today(), in: db)
            return try Replica.resolvedContacts(customer: target.contact.customerID, in: db).first { $0.contact.id == target.contact.id }!.contact
        }
    }

    static func append(_ edit: ContactEdit, in db: Database) throws {
        let contacts = try resolvedContacts(customer: edit.customerID, in: db)
        do throws(DomainError) {
            try edit.validate(contacts: Dictionary(uniqueKeysWithValues: contacts.map { ($0.contact.id, $0.contact) }))
        } catch {
            throw ReplicaError.rule(error)
        }
        try store(edit, seq: nil, state: .pending, in: db)
        try enqueue(Change(edit), customerID: edit.customerID, in: db)
    }

    static func store(_ edit: ContactEdit, seq: Int64?, state: SyncState, receivedAt: String? = nil, in db: Database) throws {
        try storeFact(edit, table: "contact_edits", parent: ("contact_id", edit.contactID), customerID: edit.customerID,
                      seq: seq, state: state, receivedAt: receivedAt, in: db)
    }

    /// Resolved contacts of one customer (or all), leaving out edits the server refused.
    static func resolvedContacts(customer: UUID?, in db: Database) throws -> [ResolvedContact] {
        let customers = try customer.map { [$0] }
            ?? String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY code").compactMap(UUID.init(text:))
        return try customers.flatMap { id in
            let imported = try String.fetchAll(db.cachedStatement(sql: "SELECT doc FROM contacts WHERE customer_id = ? ORDER BY id"),
                                               arguments: [id.text]).map(Contact.fromWire)
            let edits = try String.fetchAll(db.cachedStatement(sql: "SELECT doc FROM contact_edits WHERE customer_id = ? AND state != 'rejected'"),
                                            arguments: [id.text]).map(ContactEdit.fromWire)
            return Contact.resolve(imported: imported, edits: edits)
        }
    }
}
