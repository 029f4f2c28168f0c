import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Collection actions offline and in sync", .serialized)
struct ActionSyncTests {
    @Test("a collector's actions written offline reach the server and the manager; all derive the same states and agenda", arguments: TestEngine.available)
    func actionsConverge(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let today = TestCluster.asOf

            // Offline: act on the first proposed step, log a call, plan a specific action, then
            // plan and cancel another, and reschedule a proposed step of another customer.
            let agenda = try alice.agenda(today: today)
            let proposals = agenda.filter(\.isProposal)
            #expect(proposals.count >= 2)
            let first = proposals[0]
            let done = try alice.completeAction(first.id.uuidString, outcome: .voicemail, note: "Left a message")
            #expect(done.kind == .scenario && done.state == .done && done.scenarioStep == 0)
            let customer = try #require(try alice.customers().first { $0.customer.id == first.customerID }).customer
            let items = try alice.items(customerCode: customer.code)
            try alice.logAction(customerCode: customer.code, channel: .call, outcome: .reached, note: "Spoke with the CFO")
            // Plan the visit on another item than the leader, so the leader stays in the scenario.
            let other = try #require(items.first { $0.item.id != done.leaderItemID })
            let visit = try alice.planAction(customerCode: customer.code, channel: .visit, date: today.adding(days: 2),
                                             items: [other.item.number], note: "Visit the accountant")
            let dropped = try alice.planAction(customerCode: customer.code, channel: .email, date: today.adding(days: 3),
                                               items: [other.item.number])
            try alice.cancelAction(Replica.short(dropped.id), note: "Not needed")
            let moved = try alice.rescheduleAction(proposals[1].id.uuidString, to: today.adding(days: 1))
            #expect(moved.date == today.adding(days: 1) && moved.state == .planned)
            // Acting twice on a closed action is refused, and nothing is written.
            let pending = try alice.pendingCount()
            #expect(throws: ReplicaError.self) { try alice.completeAction(Replica.short(dropped.id), outcome: .reached) }
            #expect(throws: ReplicaError.self) { try alice.completeAction("zzzzzzzz", outcome: .reached) }
            #expect(try alice.pendingCount() == pending)

            let report = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.rejected == 0 && report.accepted == pending)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)

            // Same actions everywhere.
            let server = Dictionary(uniqueKeysWithValues: try cluster.store.actions().map { ($0.id, $0) })
            let onAlice = try alice.actions()
            #expect(onAlice.count == 5 && server.count == 5)
            for action in onAlice { #expect(server[action.id] == action) }
            let onClaire = try claire.actions(customerCode: customer.code)
            #expect(Set(onClaire) == Set(onAlice.filter { $0.customerID == customer.id }))
            #expect(server[visit.id]?.state == .planned && server[dropped.id]?.state == .cancelled)

            // The same agenda, derived on the collector's and on the manager's replica.
            let mine = Set(try alice.customers().map(\.customer.id))
            let aliceAgenda = try alice.agenda(today: today)
            let claireAgenda = try claire.agenda(today: today).filter { mine.contains($0.customerID) }
            #expect(aliceAgenda == claireAgenda)
            #expect(aliceAgenda.contains { $0.id == visit.id && $0.kind == .specific && $0.bucket == .upcoming })
            #expect(aliceAgenda.contains { $0.id == moved.id && !$0.isProposal && $0.date == today.adding(days: 1) })
            // The step done is behind: the customer's next proposal is step 2 of the same leader,
            // and it leaves out the item the open specific action took out of the scenario.
            let next = try #require(aliceAgenda.first { $0.customerID == first.customerID && $0.kind == .scenario })
            #expect(next.id == ScenarioProposal.id(customer: first.customerID, leader: done.leaderItemID!, step: 1))
            #expect(!next.itemIDs.contains(other.item.id))
        }
    }

    @Test("an action on a customer outside the portfolio is rejected with a reason", arguments: TestEngine.available)
    func outOfScopeAction(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.replica("alice")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let foreign = try #require(try cluster.store.customers().first { $0.collector == "bruno" })
            let event = ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: foreign.id, kind: .created,
                                    date: TestCluster.asOf, actionKind: .oneOff, channel: .call, outcome: .reached,
                                    author: "alice", replicaID: alice.id, hlc: HLCClock().now())
            let unknownAction = ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: try alice.customers()[0].customer.id,
                                            kind: .done, date: TestCluster.asOf, outcome: .reached,
                                            author: "alice", replicaID: alice.id, hlc: HLCClock().now())
            let answer = try await cluster.client("alice").push(PushRequest(replicaID: alice.id, changes: [Change(event), Change(unknownAction)]))
            #expect(answer.results.map(\.code) == [.outOfScope, RejectionCode(.unknownAction)])
            #expect(try cluster.store.counts()["action_events"] == 0)
        }
    }
}
