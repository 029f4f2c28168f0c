import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Portfolio scope", .serialized)
struct ScopeTests {
    @Test("a collector cannot read or write a customer outside the portfolio", arguments: TestEngine.available)
    func outsidePortfolio(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let server = try await ServerView(store: cluster.store)
            let mine = server.portfolio("alice")

            // Read: the pull delivered alice's customers only.
            #expect(Set(try alice.customers().map(\.customer.code)) == mine)
            let foreign = try #require(server.items.values.first { state in
                server.customers.first { $0.id == state.item.customerID }?.collector == "bruno"
            }).item
            // Locally, a foreign item does not exist.
            #expect(throws: ReplicaError.unknownItem(foreign.number)) {
                try alice.qualify(items: [foreign.number], status: "contacted", comment: "x")
            }

            // Write: a crafted push naming bruno's customer is rejected with a reason.
            let before = try cluster.store.counts()
            let q = Qualification(id: UUIDv7.make(), customerID: foreign.customerID, itemIDs: [foreign.id],
                                  statusCode: "contacted", comment: "not mine", statusDate: TestCluster.asOf,
                                  author: "alice", replicaID: alice.id, hlc: HLCClock().now())
            let client = try cluster.client("alice")
            let answer = try await client.push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            #expect(answer.results.first?.outcome == .rejected)
            #expect(answer.results.first?.code == .outOfScope)
            // Pushing it again gives the same answer.
            let again = try await client.push(PushRequest(replicaID: alice.id, changes: [Change(q)]))
            #expect(again.results == answer.results)
            let after = try cluster.store.counts()
            #expect(after["qualifications"] == before["qualifications"])
            // The refusal is kept in the conflict inbox (one conflict, logged for alice), nothing else.
            #expect(after["changes"] == before["changes"].map { $0 + 1 })
            #expect(try cluster.store.conflicts().map(\.conflict.mine.factID) == [q.id])
            #expect(try cluster.store.itemStates().first { $0.item.id == foreign.id }?.current == nil)
        }
    }
}
