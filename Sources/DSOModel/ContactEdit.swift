import Foundation

/// A field of a contact that people edit in the field.
public enum ContactField: String, Codable, Sendable, CaseIterable {
    case name, role, email, phone, notes
    /// "true" makes the contact its customer's contact for collection (there is one per customer).
    case collectionContact = "collection_contact"
}

/// A contact written on a replica: a new contact, or a new value of one field. Contacts are
/// shared mutable data: each field is last-writer-wins by (HLC, replica id, id), and every edit
/// names the version it was based on, so that a stale one can be recognised (and surfaced)
/// while the winner stays the same on every node. No edit is ever dropped: all are kept.
public struct ContactEdit: Codable, Hashable, Sendable, Identifiable, JournalFact {
    public enum Kind: String, Codable, Sendable { case added, set }

    /// UUIDv7 of this fact.
    public var id: UUID
    public var contactID: UUID
    public var customerID: UUID
    public var kind: Kind
    /// For `added`: the new contact (its id is `contactID`).
    public var contact: Contact?
    /// For `set`: the field and its new value (absent: cleared).
    public var field: ContactField?
    public var value: String?
    /// For `set`: the HLC of the value the writer saw (absent: the imported value).
    public var base: HLC?
    public var author: String
    public var replicaID: UUID
    public var hlc: HLC

    public init(id: UUID, contactID: UUID, customerID: UUID, kind: Kind, contact: Contact? = nil, field: ContactField? = nil,
                value: String? = nil, base: HLC? = nil, author: String, replicaID: UUID, hlc: HLC) {
        self.id = id
        self.contactID = contactID
        self.customerID = customerID
        self.kind = kind
        self.contact = contact
        self.field = field
        self.value = value
        self.base = base
        self.author = author
        self.replicaID = replicaID
        self.hlc = hlc
    }

    /// Checks an edit against the contacts it may touch. The same rule runs on replicas and on the server.
    ///
    /// - Parameter contacts: the customer's contacts as currently resolved.
    public func validate(contacts: [UUID: Contact]) throws(DomainError) {
        switch kind {
        case .added:
            guard let contact, contact.id == contactID, contact.customerID == customerID,
                  !contact.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError(.invalidValue, "a new contact needs a name, its own id and its customer")
            }
            try ContactEdit.check(.email, contact.email)
            try ContactEdit.check(.phone, contact.phone)
            try ContactEdit.check(.notes, contact.notes)
        case .set:
            guard let existing = contacts[contactID], existing.customerID == customerID else {
                throw DomainError(.unknownContact, "unknown contact \(contactID.uuidString.lowercased())")
            }
            guard let field else { throw DomainError(.invalidValue, "say which field changes") }
            try ContactEdit.check(field, value)
        }
    }

    static func check(_ field: ContactField, _ value: String?) throws(DomainError) {
        guard let value else {
            if field == .name { throw DomainError(.invalidValue, "a contact keeps a name") }
            return
        }
        switch field {
        case .email:
            if !value.contains("@") || value.contains(" ") || value.count > 254 { throw DomainError(.invalidValue, "'\(value)' is not an e-mail address") }
        case .phone:
            if value.count > 40 || !value.allSatisfy({ $0.isNumber || " +-.()/".contains($0) }) {
                throw DomainError(.invalidValue, "'\(value)' is not a phone number")
            }
        case .notes, .role, .name:
            if value.count > 4000 { throw DomainError(.invalidValue, "at most 4000 characters") }
            if field == .name && value.trimmingCharacters(in: .whitespaces).isEmpty { throw DomainError(.invalidValue, "a contact keeps a name") }
        case .collectionContact:
            if value != "true" && value != "false" { throw DomainError(.invalidValue, "collection_contact is true or false") }
        }
    }
}

/// A contact as resolved from its imported (or added) form and the field edits.
public struct ResolvedContact: Codable, Hashable, Sendable {
    public var contact: Contact
    /// Per field, the HLC of the winning edit: what the next edit of that field is based on.
    public var versions: [ContactField: HLC]
    /// Edits that lost to a later one, kept for the record (the conflict inbox builds on them).
    public var overridden: [ContactEdit]
    /// Per field, the winning edit itself.
    public var winners: [ContactField: ContactEdit] = [:]
}

extension Contact {
    /// Resolves a customer's contacts: imported contacts, plus those added in the field, with each
    /// field set to its latest edit; exactly one (or none) is the contact for collection, the latest
    /// designated. Deterministic: the same facts give the same contacts on every node.
    public static func resolve(imported: [Contact], edits: [ContactEdit]) -> [ResolvedContact] {
        let ordered = edits.sorted { $0.precedes($1) }
        var contacts: [UUID: ResolvedContact] = [:]
        var order: [UUID] = []
        for contact in imported {
            contacts[contact.id] = ResolvedContact(contact: contact, versions: [:], overridden: [])
            order.append(contact.id)
        }
        for edit in ordered where edit.kind == .added && contacts[edit.contactID] == nil {
            guard var contact = edit.contact else { continue }
            contact.isCollectionContact = false
            contacts[edit.contactID] = ResolvedContact(contact: contact, versions: [:], overridden: [])
            order.append(edit.contactID)
        }
        var designated: (UUID, HLC)?
        var winners: [UUID: [ContactField: ContactEdit]] = [:]
        for edit in ordered where edit.kind == .set {
            guard let field = edit.field, contacts[edit.contactID] != nil else { continue }
            if let previous = winners[edit.contactID]?[field] { contacts[edit.contactID]!.overridden.append(previous) }
            winners[edit.contactID, default: [:]][field] = edit
            if field == .collectionContact && edit.value == "true" { designated = (edit.contactID, edit.hlc) }
            if field == .collectionContact && edit.value == "false" && designated?.0 == edit.contactID { designated = nil }
        }
        for (id, fields) in winners {
            for (field, edit) in fields {
                contacts[id]!.versions[field] = edit.hlc
                contacts[id]!.winners[field] = edit
                switch field {
                case .name: contacts[id]!.contact.name = edit.value ?? contacts[id]!.contact.name
                case .role: contacts[id]!.contact.role = edit.value
                case .email: contacts[id]!.contact.email = edit.value
                case .phone: contacts[id]!.contact.phone = edit.value
                case .notes: contacts[id]!.contact.notes = edit.value
                case .collectionContact: break
                }
            }
        }
        // One contact for collection: the latest designated in the field, else the imported one.
        let hasFieldDesignation = winners.values.contains { $0[.collectionContact] != nil }
        if hasFieldDesignation {
            for id in order { contacts[id]!.contact.isCollectionContact = id == designated?.0 }
            if designated == nil, let imported = imported.first(where: \.isCollectionContact),
               winners[imported.id]?[.collectionContact]?.value != "false" {
                contacts[imported.id]!.contact.isCollectionContact = true
            }
        }
        return order.map { contacts[$0]! }
    }
}
