import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

/// Field work done offline across a reassignment (issue 9, part 1): judged at the fact's time
/// against the customer's portfolio history, with a grace after the move; later work waits in the
/// conflict inbox, where the credit team accepts or dismisses it.
@Suite("Reassignment", .serialized)
struct ReassignmentTests {
    /// Moves a customer with the store's own command, then waits a little, so that facts written
    /// before and after the move have distinct times.
    static func move(_ code: String, to login: String, in cluster: TestCluster) async throws {
        try await Task.sleep(for: .milliseconds(5))
        let (_, changed) = try await cluster.store.assign(customerCode: code, to: login)
        #expect(changed)
        try await Task.sleep(for: .milliseconds(5))
    }

    static func setGrace(_ days: Int, in cluster: TestCluster) async throws {
        _ = try await cluster.store.updateSettings { $0.reassignmentGraceDays = days }
    }

    @Test("work done offline before the move is accepted and reaches the new collector; the author's replica lets it go", arguments: TestEngine.available)
    func workBeforeTheMove(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await Self.setGrace(0, in: cluster)
            let alice = try await cluster.syncedReplica("alice")
            let bruno = try await cluster.syncedReplica("bruno")
            let moving = try #require(try alice.customers().first).customer
            let item = try #require(try alice.items(customerCode: moving.code).first)
            let q = try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called before the move")

            // The credit team moves the customer to bruno while alice is offline.
            try await Self.move(moving.code, to: "bruno", in: cluster)

            let sync = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(sync.accepted == 2)   // the qualification and the follow-up it planned
            #expect(sync.rejected == 0)
            #expect(try alice.customers().allSatisfy { $0.customer.code != moving.code })
            #expect(try alice.returnedWork().isEmpty)
            #expect(try alice.status().pendingChanges == 0)

            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            let history = try bruno.history(of: item.item.id.uuidString)
            #expect(history.map(\.qualification.id) == [q.id])
            #expect(history.first?.qualification.author == "alice")
            #expect(try cluster.store.conflicts().isEmpty)
            let server = try await ServerView(store: cluster.store)
            try expectAgrees(bruno, with: server, customers: server.portfolio("bruno"))
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
        }
    }

    @Test("work done after the move, within the grace, is accepted", arguments: TestEngine.available)
    func workWithinTheGrace(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let moving = try #require(try alice.customers().first).customer
            try await Self.move(moving.code, to: "bruno", in: cluster)
            // alice is still offline: her replica holds the customer; she logs a call.
            try alice.logAction(customerCode: moving.code, channel: .call, outcome: .reached, note: "Pays next week")
            let sync = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(sync.accepted == 1 && sync.rejected == 0)
            let bruno = try await cluster.syncedReplica("bruno")
            #expect(try bruno.actions(customerCode: moving.code).contains { $0.note == "Pays next week" && $0.createdBy == "alice" })
        }
    }

    @Test("work done after the grace waits in the inbox; accepted by the credit team, it is applied with its author", arguments: TestEngine.available)
    func workAfterTheGraceAccepted(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await Self.setGrace(0, in: cluster)
            let alice = try await cluster.syncedReplica("alice")
            let moving = try #require(try alice.customers().first).customer
            let item = try #require(try alice.items(customerCode: moving.code).first)
            try await Self.move(moving.code, to: "bruno", in: cluster)
            let q = try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called after the move", followUp: .none)

            let sync = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(sync.rejected == 1)
            #expect(try alice.returnedWork().map(\.factID) == [q.id])
            // The credit team sees it, with the reason.
            let inbox = try cluster.store.conflicts(ConflictFilter(addressee: "alice", openOnly: true))
            let refused = try #require(inbox.first)
            #expect(inbox.count == 1)
            #expect(refused.conflict.kind == .refused && refused.conflict.code == "out_of_scope")
            #expect(refused.conflict.mine.factID == q.id && refused.conflict.customerCode == moving.code)
            #expect(refused.conflict.isAcceptable)
            // So does alice, though the customer is no longer hers.
            #expect(try alice.conflicts().map(\.id) == [refused.id])

            // A manager accepts it: applied, attributed to alice.
            let accepted = try await cluster.store.resolveConflict(String(refused.id.uuidString.suffix(8)), decision: .accept,
                                                                  comment: "The call was made", by: "claire")
            #expect(accepted.state == "accepted" && accepted.resolution?.author == "claire")
            let stored = try #require(try cluster.store.qualifications().first { $0.id == q.id })
            #expect(stored.author == "alice")
            // A second decision is refused.
            await #expect(throws: UserError.self) {
                try await cluster.store.resolveConflict(refused.id.uuidString, decision: .dismiss, comment: nil, by: "claire")
            }

            // bruno receives the fact; alice's replica shows the outcome and lets the fact go.
            let bruno = try await cluster.syncedReplica("bruno")
            #expect(try bruno.history(of: item.item.id.uuidString).map(\.qualification.id) == [q.id])
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try alice.returnedWork().isEmpty)
            let seen = try alice.conflict(refused.id.uuidString)
            #expect(seen.state == "accepted" && seen.resolution?.comment == "The call was made")
            // A retried push of the old change is a duplicate now.
            let retry = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            #expect(retry.results.first?.outcome == .duplicate)
        }
    }

    @Test("dismissed refused work stays refused; its author sees the comment", arguments: TestEngine.available)
    func workAfterTheGraceDismissed(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await Self.setGrace(0, in: cluster)
            let alice = try await cluster.syncedReplica("alice")
            let moving = try #require(try alice.customers().first).customer
            try await Self.move(moving.code, to: "bruno", in: cluster)
            try alice.logAction(customerCode: moving.code, channel: .visit, outcome: .reached, note: "Visited anyway")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let refused = try #require(try alice.conflicts().first)
            // A collector cannot accept her own refused work.
            #expect(throws: ReplicaError.self) { try alice.resolveConflict(refused.id.uuidString, decision: .accept) }
            _ = try await cluster.store.resolveConflict(refused.id.uuidString, decision: .dismiss, comment: "bruno visits on Monday", by: "claire")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let seen = try alice.conflict(refused.id.uuidString)
            #expect(seen.state == "dismissed" && seen.resolution?.comment == "bruno visits on Monday")
            #expect(try alice.returnedWork().count == 1)
            #expect(try cluster.store.actions().allSatisfy { $0.note != "Visited anyway" })
        }
    }

    @Test("back and forth: work judged against each period of the history", arguments: TestEngine.available)
    func backAndForth(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await Self.setGrace(0, in: cluster)
            let alice = try await cluster.syncedReplica("alice")
            let bruno = try await cluster.syncedReplica("bruno")
            let moving = try #require(try alice.customers().first).customer
            let items = try alice.items(customerCode: moving.code)
            #expect(items.count >= 2)

            // alice → bruno: bruno pulls it and qualifies an item, then goes offline.
            try await Self.move(moving.code, to: "bruno", in: cluster)
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            let during = try bruno.qualify(items: [items[0].item.number], status: "contacted", comment: "While it was mine", followUp: .none)
            // bruno → alice, while bruno is offline; bruno keeps working on his stale copy.
            try await Self.move(moving.code, to: "alice", in: cluster)
            let after = try bruno.qualify(items: [items[1].item.number], status: "contacted", comment: "After it went back", followUp: .none)

            let sync = try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            #expect(sync.accepted == 1 && sync.rejected == 1)
            #expect(try bruno.returnedWork().map(\.factID) == [after.id])
            #expect(try bruno.customers().allSatisfy { $0.customer.code != moving.code })
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try alice.history(of: items[0].item.id.uuidString).map(\.qualification.id) == [during.id])
            #expect(try alice.history(of: items[1].item.id.uuidString).isEmpty)
            // The history: alice, bruno, alice.
            let history = try cluster.store.assignmentHistory(customerCode: moving.code)
            #expect(history.map(\.collector) == ["alice", "bruno", "alice"])
            #expect(history.last?.toMillis == nil && history.dropLast().allSatisfy { $0.toMillis != nil })
            let inbox = try cluster.store.conflicts()
            #expect(inbox.map(\.conflict.mine.factID) == [after.id])
            let server = try await ServerView(store: cluster.store)
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
            try expectAgrees(bruno, with: server, customers: server.portfolio("bruno"))
        }
    }
}
