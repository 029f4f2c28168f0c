import DSOModel
import Foundation
import Testing

@Suite("Contacts: per-field last writer wins")
struct ContactEditTests {
    let customer = UUIDv7.make()
    let replicaA = UUID(uuidString: "0193A1B2-0000-7000-8000-00000000000A")!
    let replicaB = UUID(uuidString: "0193A1B2-0000-7000-8000-00000000000B")!

    func set(_ contact: UUID, _ field: ContactField, _ value: String?, at millis: Int64, by replica: UUID, base: HLC? = nil) -> ContactEdit {
        ContactEdit(id: UUIDv7.make(), contactID: contact, customerID: customer, kind: .set, field: field, value: value, base: base,
                    author: "alice", replicaID: replica, hlc: HLC(millis: millis))
    }

    @Test("concurrent edits: each field takes its latest value, in any arrival order; the loser is kept")
    func lastWriterWinsPerField() {
        let anna = Contact(id: UUIDv7.make(), customerID: customer, name: "Anna Laurent", email: "anna@old.example", phone: "+33 1 00 00 00 00",
                           isCollectionContact: true)
        let edits = [
            set(anna.id, .phone, "+33 6 11 11 11 11", at: 1_000, by: replicaA),        // A, offline
            set(anna.id, .phone, "+33 6 22 22 22 22", at: 2_000, by: replicaB),        // B, later: wins
            set(anna.id, .email, "anna@new.example", at: 1_500, by: replicaA),         // another field: kept
            set(anna.id, .notes, "Calls back after 4 pm", at: 2_000, by: replicaA),    // same HLC as B's phone, other field
        ]
        for _ in 0..<10 {
            let resolved = Contact.resolve(imported: [anna], edits: edits.shuffled())
            #expect(resolved.count == 1)
            let c = resolved[0].contact
            #expect(c.phone == "+33 6 22 22 22 22" && c.email == "anna@new.example" && c.notes == "Calls back after 4 pm")
            #expect(resolved[0].versions[.phone] == HLC(millis: 2_000))
            #expect(resolved[0].overridden.map(\.value) == ["+33 6 11 11 11 11"])
        }
        // Equal HLCs on one field: the greater replica id wins.
        let tie = [set(anna.id, .phone, "A", at: 5_000, by: replicaA), set(anna.id, .phone, "B", at: 5_000, by: replicaB)]
        #expect(Contact.resolve(imported: [anna], edits: tie.shuffled())[0].contact.phone == "B")
    }

    @Test("one contact for collection per customer: the latest designated")
    func collectionContact() {
        let anna = Contact(id: UUIDv7.make(), customerID: customer, name: "Anna", isCollectionContact: true)
        let marc = Contact(id: UUIDv7.make(), customerID: customer, name: "Marc")
        let added = Contact(id: UUIDv7.make(), customerID: customer, name: "Léa", isCollectionContact: true)
        let addLea = ContactEdit(id: UUIDv7.make(), contactID: added.id, customerID: customer, kind: .added, contact: added,
                                 author: "alice", replicaID: replicaA, hlc: HLC(millis: 100))
        var resolved = Contact.resolve(imported: [anna, marc], edits: [addLea])
        #expect(resolved.filter(\.contact.isCollectionContact).map(\.contact.name) == ["Anna"])   // adding never steals it
        resolved = Contact.resolve(imported: [anna, marc], edits: [addLea, set(marc.id, .collectionContact, "true", at: 200, by: replicaA),
                                                                   set(added.id, .collectionContact, "true", at: 300, by: replicaB)])
        #expect(resolved.filter(\.contact.isCollectionContact).map(\.contact.name) == ["Léa"])
    }

    @Test("edits are checked: unknown contact, bad e-mail or phone, empty name")
    func validation() {
        let anna = Contact(id: UUIDv7.make(), customerID: customer, name: "Anna")
        let known = [anna.id: anna]
        func code(_ e: ContactEdit) -> DomainError.Code? {
            do { try e.validate(contacts: known); return nil } catch { return error.code }
        }
        #expect(code(set(anna.id, .phone, "+33 (0)1 23 45 67 89", at: 1, by: replicaA)) == nil)
        #expect(code(set(UUIDv7.make(), .phone, "1", at: 1, by: replicaA)) == .unknownContact)
        #expect(code(set(anna.id, .email, "not-an-address", at: 1, by: replicaA)) == .invalidValue)
        #expect(code(set(anna.id, .phone, "call me maybe", at: 1, by: replicaA)) == .invalidValue)
        #expect(code(set(anna.id, .name, " ", at: 1, by: replicaA)) == .invalidValue)
        #expect(code(set(anna.id, .email, nil, at: 1, by: replicaA)) == nil)
    }
}
