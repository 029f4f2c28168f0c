import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Contacts edited offline", .serialized)
struct ContactSyncTests {
    @Test("two replicas edit one contact offline; every node resolves the same contact, nothing is lost", arguments: TestEngine.available)
    func concurrentEdits(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let customer = try #require(try alice.customers().first).customer
            let contact = try #require(try alice.contacts(customerCode: customer.code).first).contact

            try alice.editContact(Replica.short(contact.id), set: [.phone: "+33 6 11 11 11 11", .notes: "Mornings only"])
            try claire.editContact(contact.id.uuidString, set: [.phone: "+33 6 22 22 22 22", .email: "accounts@new.example"])
            let added = try alice.addContact(customerCode: customer.code, name: "Léa Petit", role: "CFO", phone: "+33 1 40 00 00 00")
            try alice.editContact(added.id.uuidString, set: [.collectionContact: "true"])
            #expect(throws: ReplicaError.self) { try alice.editContact(Replica.short(contact.id), set: [.email: "nope"]) }

            for (replica, login) in [(alice, "alice"), (claire, "claire"), (alice, "alice")] {
                #expect(try await replica.sync(client: try cluster.client(login), retry: quickRetry).rejected == 0)
            }
            let server = try cluster.store.resolvedContacts().filter { $0.contact.customerID == customer.id }
            let onAlice = try alice.contacts(customerCode: customer.code)
            let onClaire = try claire.contacts(customerCode: customer.code)
            #expect(onAlice.map(\.contact) == server.map(\.contact))
            #expect(onClaire.map(\.contact) == server.map(\.contact))
            let merged = try #require(server.first { $0.contact.id == contact.id })
            // claire wrote last: her phone wins; alice's notes and claire's e-mail both stay.
            #expect(merged.contact.phone == "+33 6 22 22 22 22")
            #expect(merged.contact.notes == "Mornings only" && merged.contact.email == "accounts@new.example")
            #expect(merged.overridden.map(\.value) == ["+33 6 11 11 11 11"])
            #expect(server.filter(\.contact.isCollectionContact).map(\.contact.name) == ["Léa Petit"])
            #expect(try alice.statement(customerCode: customer.code).collectionContact?.name == "Léa Petit")
        }
    }
}
