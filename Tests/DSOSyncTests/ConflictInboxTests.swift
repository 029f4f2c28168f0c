import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

/// The conflict inbox (issue 9, part 2): conflicts found by the server reach the people
/// concerned with both sides; decisions are facts, replicated with their author.
@Suite("Conflict inbox", .serialized)
struct ConflictInboxTests {
    /// A qualification of alice's first item naming a status the catalogue does not hold
    /// (crafted: the replica itself checks statuses), and its customer.
    static func unknownStatus(on alice: Replica) throws -> (Customer, Qualification) {
        let customer = try #require(try alice.customers().first).customer
        let item = try #require(try alice.items(customerCode: customer.code).first).item
        return (customer, Qualification(id: UUIDv7.make(), customerID: customer.id, itemIDs: [item.id], statusCode: "no_such_status",
                                        comment: "x", statusDate: TestCluster.asOf, author: "alice", replicaID: alice.id,
                                        hlc: HLCClock().now()))
    }

    @Test("concurrent edits of one contact field: the loser is told, keeps their value, and every node converges on it", arguments: TestEngine.available)
    func contactFieldKeepMine(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let customer = try #require(try alice.customers().first).customer
            let contact = try #require(try alice.contacts(customerCode: customer.code).first).contact

            // Both edit the phone from the same version, offline; alice first, claire later.
            try alice.editContact(contact.id.uuidString, set: [.phone: "+33 6 11 11 11 11"])
            try await Task.sleep(for: .milliseconds(3))
            try claire.editContact(contact.id.uuidString, set: [.phone: "+33 6 22 22 22 22", .notes: "Ask for Marc"])
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)

            // claire's edit is later: it won. alice lost: the conflict is addressed to her.
            let inbox = try cluster.store.conflicts()
            #expect(inbox.count == 1)   // the notes were not contested
            let conflict = try #require(inbox.first).conflict
            #expect(conflict.kind == .contactField && conflict.field == .phone && conflict.addressee == "alice")
            #expect(conflict.mine.value == "+33 6 11 11 11 11" && conflict.mine.author == "alice" && conflict.mine.replicaID == alice.id)
            #expect(conflict.theirs?.value == "+33 6 22 22 22 22" && conflict.theirs?.author == "claire")
            #expect(try alice.conflicts(openOnly: true).map(\.id) == [conflict.id])
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            #expect(try claire.conflicts().isEmpty)               // not hers
            #expect(try claire.conflicts(all: true).map(\.id) == [conflict.id])

            // alice keeps hers: a new edit, synced like any other, wins everywhere.
            let resolved = try alice.resolveConflict(String(conflict.id.uuidString.suffix(8)), decision: .keepMine, comment: "I called today")
            #expect(resolved.state == "kept mine" && resolved.resolution?.factID != nil)
            #expect(try alice.contacts(customerCode: customer.code).first { $0.contact.id == contact.id }?.contact.phone == "+33 6 11 11 11 11")
            #expect(throws: ReplicaError.self) { try alice.resolveConflict(conflict.id.uuidString, decision: .dismiss) }
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            let server = try cluster.store.resolvedContacts().first { $0.contact.id == contact.id }
            #expect(server?.contact.phone == "+33 6 11 11 11 11" && server?.contact.notes == "Ask for Marc")
            #expect(try claire.contacts(customerCode: customer.code).first { $0.contact.id == contact.id }?.contact == server?.contact)
            let onServer = try cluster.store.conflict(conflict.id.uuidString)
            #expect(onServer.state == "kept mine" && onServer.resolution?.author == "alice" && onServer.resolution?.replicaID == alice.id)
            #expect(try claire.conflict(conflict.id.uuidString).state == "kept mine")
            // The new edit was based on the winning version: no new conflict.
            #expect(try cluster.store.conflicts().count == 1)
        }
    }

    @Test("concurrent qualifications of one item: the overridden author is told, with both statuses", arguments: TestEngine.available)
    func concurrentQualifications(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let customer = try #require(try alice.customers().first).customer
            let item = try #require(try alice.items(customerCode: customer.code).first).item

            // Each qualifies the item without having seen the other's status.
            let mine = try alice.qualify(items: [item.number], status: "contacted", comment: "Left a message", followUp: .none)
            try await Task.sleep(for: .milliseconds(3))
            let theirs = try claire.qualify(items: [item.number], status: "payment_announced", comment: "Transfer ordered", followUp: .none)
            #expect(mine.basedOn == [] && theirs.basedOn == [])
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)

            let conflict = try #require(try cluster.store.conflicts().first).conflict
            #expect(try cluster.store.conflicts().count == 1)
            #expect(conflict.kind == .qualification && conflict.itemIDs == [item.id] && conflict.addressee == "alice")
            #expect(conflict.mine.factID == mine.id && conflict.mine.value == "contacted")
            #expect(conflict.theirs?.factID == theirs.id && conflict.theirs?.value == "payment_announced")
            #expect(try alice.conflicts().map(\.id) == [conflict.id])
            // Every node agrees on the current status: claire's, the later.
            let server = try await ServerView(store: cluster.store)
            #expect(server.items[item.id]?.current?.id == theirs.id)
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))

            // A qualification based on the current status raises nothing.
            let next = try alice.qualify(items: [item.number], status: "promise_to_pay", comment: "Pays Friday", followUp: .none)
            #expect(next.basedOn == [theirs.id])
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try cluster.store.conflicts().count == 1)

            // alice keeps theirs: nothing new is written (theirs is not current any more, hers is).
            try alice.resolveConflict(conflict.id.uuidString, decision: .dismiss, comment: "Superseded by the promise")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try cluster.store.conflict(conflict.id.uuidString).state == "dismissed")
        }
    }

    @Test("every rejection is kept as refused work; only out-of-scope work can be accepted", arguments: TestEngine.available)
    func refusedWorkOfEveryKind(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let (customer, q) = try Self.unknownStatus(on: alice)
            let answer = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            #expect(answer.results.first?.code?.rawValue == "unknown_status")
            let entry = try #require(try cluster.store.conflicts(ConflictFilter(addressee: "alice")).first)
            #expect(entry.conflict.kind == .refused && entry.conflict.code == "unknown_status" && !entry.conflict.isAcceptable)
            #expect(entry.conflict.mine.factID == q.id && entry.conflict.detail != nil)
            await #expect(throws: UserError.self) {
                try await cluster.store.resolveConflict(entry.id.uuidString, decision: .accept, comment: nil, by: "claire")
            }
            // A collector is no credit team.
            await #expect(throws: UserError.self) {
                try await cluster.store.resolveConflict(entry.id.uuidString, decision: .dismiss, comment: nil, by: "bruno")
            }
            // A retried push is answered the same, and adds no second conflict.
            _ = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            #expect(try cluster.store.conflicts().count == 1)
            // A replica's resolution of someone else's conflict is refused, and raises no conflict.
            let foreign = ConflictResolution(id: UUIDv7.make(), conflictID: entry.id, customerID: customer.id, decision: .dismiss,
                                             author: "bruno", replicaID: UUIDv7.make(), hlc: HLCClock().now())
            let refused = try await cluster.client("bruno").push(PushRequest(replicaID: foreign.replicaID, changes: [Change(foreign)]))
            #expect(refused.results.first?.code?.rawValue == "not_your_conflict")
            #expect(try cluster.store.conflicts().count == 1 && cluster.store.conflict(entry.id.uuidString).isOpen)
            // alice dismisses it from her replica.
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try alice.resolveConflict(entry.id.uuidString, decision: .dismiss, comment: "Typo in a script")
            #expect(try await alice.sync(client: try cluster.client("alice"), retry: quickRetry).rejected == 0)
            #expect(try cluster.store.conflict(entry.id.uuidString).resolution?.comment == "Typo in a script")
        }
    }

    @Test("a customer entering a portfolio brings its conflicts; its addressee keeps them after it left (found by the harness, seed 900312)", arguments: TestEngine.available)
    func conflictsFollowTheCustomer(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let bruno = try await cluster.syncedReplica("bruno")
            let (customer, q) = try Self.unknownStatus(on: alice)
            _ = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            let id = try #require(try cluster.store.conflicts().first).id
            // bruno's position moves past the conflict while the customer is still alice's (his
            // own work, logged after it, is the next change of his scope).
            try bruno.qualify(items: [try bruno.items()[0].item.number], status: "contacted", comment: "his own", followUp: .none)
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            #expect(try bruno.conflicts(all: true).isEmpty)
            _ = try await cluster.store.assign(customerCode: customer.code, to: "bruno")
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try bruno.conflicts(all: true).map(\.id) == [id])
            #expect(try bruno.conflicts().isEmpty)          // not his own
            #expect(try alice.conflicts().map(\.id) == [id])   // hers, though the customer left
            // A decision on it reaches both.
            _ = try await cluster.store.resolveConflict(id.uuidString, decision: .dismiss, comment: "seen", by: "claire")
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try bruno.conflict(id.uuidString).state == "dismissed" && alice.conflict(id.uuidString).state == "dismissed")
        }
    }

    @Test("a new replica downloads the inbox, by snapshot file and by pages", arguments: TestEngine.available)
    func newReplicaGetsTheInbox(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let (_, q) = try Self.unknownStatus(on: alice)
            _ = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            let id = try #require(try cluster.store.conflicts().first).id
            _ = try await cluster.store.resolveConflict(id.uuidString, decision: .dismiss, comment: "seen", by: "claire")
            for (name, file) in [("file", true), ("pages", false)] {
                let fresh = try await cluster.replica("alice", name: "alice-\(name)")
                try await fresh.sync(client: try cluster.client("alice"), retry: quickRetry, snapshotFile: file)
                #expect(try fresh.conflicts().map(\.id) == [id], "\(name)")
                #expect(try fresh.conflict(id.uuidString).state == "dismissed", "\(name)")
                // bruno's new replica holds neither the customer nor the conflict.
                let bruno = try await cluster.replica("bruno", name: "bruno-\(name)")
                try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry, snapshotFile: file)
                #expect(try bruno.conflicts(all: true).isEmpty, "\(name)")
            }
        }
    }
}
