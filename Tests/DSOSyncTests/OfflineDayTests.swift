import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("A collector's day offline", .serialized)
struct OfflineDayTests {
    @Test("a full offline day syncs; server and manager hold the same facts and derive the same states", arguments: TestEngine.available)
    func fullDay(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let today = TestCluster.asOf

            // The day, with no network.
            let customers = try alice.customers().filter { $0.openItems >= 4 }
            let c1 = customers[0].customer, c2 = customers[1].customer
            let items1 = try alice.items(customerCode: c1.code), items2 = try alice.items(customerCode: c2.code)
            let proposal = try #require(try alice.agenda(today: today).first { $0.isProposal })
            try alice.completeAction(proposal.id.uuidString, outcome: .voicemail, note: "Left a message")
            try alice.logAction(customerCode: c1.code, channel: .call, outcome: .promiseMade, items: [items1[0].item.number])
            try alice.promise(items: [items1[0].item.number, items1[1].item.number], date: today.adding(days: 5),
                              amount: Money(minor: 1_000_00, currency: items1[0].item.openAmount.currency), comment: "Pays next week")
            let dispute = try alice.openDispute(items: [items1[2].item.number], status: "price_dispute", resolver: "sales.north",
                                                comment: "The unit price is not the one quoted")
            let other = try alice.openDispute(items: [items2[0].item.number], status: "missing_material", resolver: "tech.support",
                                              comment: "Two boxes missing")
            try alice.closeDispute(Replica.short(other.id), comment: "Boxes delivered")
            try alice.planAction(customerCode: c2.code, channel: .visit, date: today.adding(days: 3), items: [items2[1].item.number])
            try alice.qualify(items: [items2[2].item.number], status: "reminder_sent", comment: "Second reminder", followUp: .on(today.adding(days: 2)))
            let contact = try #require(try alice.contacts(customerCode: c1.code).first).contact
            try alice.editContact(contact.id.uuidString, set: [.phone: "+33 6 12 34 56 78", .notes: "Ask for the accountant"])
            try alice.addContact(customerCode: c2.code, name: "Paul Martin", role: "Buyer", email: "paul.martin@example.com")
            // Refusals change nothing.
            let pending = try alice.pendingCount()
            #expect(throws: ReplicaError.self) {
                try alice.openDispute(items: [items1[2].item.number], status: "quality_dispute", resolver: "x", comment: "again")
            }
            #expect(throws: ReplicaError.self) { try alice.qualify(items: [items1[0].item.number, items2[0].item.number], status: "contacted", comment: "x") }
            #expect(try alice.pendingCount() == pending)
            #expect(try alice.disputes().filter(\.isOpen).map(\.id) == [dispute.id])

            let report = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.rejected == 0 && report.accepted == pending)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)

            // Same facts.
            let server = try await ServerView(store: cluster.store)
            try expectAgrees(claire, with: server, customers: nil)
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
            let serverActions = Set(try cluster.store.actions())
            #expect(Set(try claire.actions()) == serverActions)
            #expect(Set(try alice.actions()) == serverActions.filter { a in server.portfolio("alice").contains(server.customers.first { $0.id == a.customerID }!.code) })

            // Same derived states, computed by the server from its store and by each replica.
            let files = try cluster.store.customerFiles()
            let mine = Set(try alice.customers().map(\.customer.id))
            let serverAgenda = Agenda.build(files: files.filter { mine.contains($0.customer.id) }, scenarios: [:], scenarioOf: { _ in nil },
                                            settings: CollectionSettings(), today: today)
            #expect(try alice.agenda(today: today) == serverAgenda)
            #expect(try claire.agenda(today: today).filter { mine.contains($0.customerID) } == serverAgenda)
            let serverPromises = files.flatMap { f in
                f.promises(graceDays: 2, today: today).map { PromiseView(promise: $0.promise, state: $0.state) }
            }
            #expect(Set(try claire.promises(today: today)) == Set(serverPromises))
            #expect(Set(try alice.promises(today: today)) == Set(serverPromises.filter { mine.contains($0.promise.customerID) }))
            #expect(try alice.promises(today: today).first { $0.promise.amount.minor == 1_000_00 }?.state == .pending)
            #expect(Set(try claire.disputes()) == Set(files.flatMap { Dispute.derive(from: $0) }))
            #expect(try claire.disputes().filter(\.isOpen).map(\.id) == [dispute.id])
            let serverContacts = try cluster.store.resolvedContacts()
            for code in [c1.code, c2.code] {
                let onClaire = try claire.contacts(customerCode: code).map(\.contact)
                #expect(try alice.contacts(customerCode: code).map(\.contact) == onClaire)
                #expect(onClaire == serverContacts.map(\.contact).filter { $0.customerID == (code == c1.code ? c1.id : c2.id) })
            }
            #expect(try claire.contacts(customerCode: c1.code).first { $0.contact.id == contact.id }?.contact.phone == "+33 6 12 34 56 78")
        }
    }

    @Test("two replicas open a dispute on one item offline: one dispute, opened first, its status changed by the second; nothing refused", arguments: TestEngine.available)
    func disputeConflict(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.replica("alice")
            let claire = try await cluster.replica("claire")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            let item = try #require(try alice.items().first).item.number
            // Both open a dispute on the same item while offline.
            let first = try alice.openDispute(items: [item], status: "price_dispute", resolver: "sales.north", comment: "price")
            let late = try claire.openDispute(items: [item], status: "quality_dispute", resolver: "tech.support", comment: "quality")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let report = try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.rejected == 0)
            // Every node sees one open dispute: opened by alice's (the earlier HLC), now a quality dispute.
            let server = try cluster.store.customerFiles().flatMap { Dispute.derive(from: $0) }.filter(\.isOpen)
            #expect(server.map(\.id) == [first.id])
            #expect(server.first?.currentStatusCode == "quality_dispute" && server.first?.resolver == "tech.support")
            #expect(try claire.disputes().filter(\.isOpen) == server)
            #expect(try alice.disputes().filter(\.isOpen) == server)
            // Both facts are kept; the first follow-up is superseded, the second is the item's one.
            let itemID = try #require(try alice.items().first).item.id
            #expect(Set(try cluster.store.qualifications().filter { $0.itemIDs.contains(itemID) }.map(\.id)) == [first.id, late.id])
            let followUps = try alice.actions().filter { $0.qualificationID == first.id || $0.qualificationID == late.id }
            #expect(followUps.first { $0.qualificationID == first.id }?.isSuperseded == true)
            #expect(followUps.first { $0.qualificationID == late.id }?.isOpen == true)
            // Opening a dispute again on that item is refused offline, with the way to change it.
            #expect(throws: ReplicaError.self) {
                try alice.openDispute(items: [item], status: "administrative_dispute", resolver: "billing", comment: "again")
            }
        }
    }
}
