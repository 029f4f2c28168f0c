import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

@Suite("Portfolio scope", .serialized)
struct ScopeTests {
    @Test("a collector cannot read or write a customer outside the portfolio")
    func outsidePortfolio() async throws {
        try await TestCluster.with { cluster in
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
            #expect(after["changes"] == before["changes"])
            #expect(try cluster.store.itemStates().first { $0.item.id == foreign.id }?.current == nil)
        }
    }

    @Test("a customer leaving the portfolio is purged; pending work on it is returned with a reason")
    func customerLeavesPortfolio() async throws {
        try await TestCluster.with { cluster in
            let alice = try await cluster.replica("alice")
            let bruno = try await cluster.syncedReplica("bruno")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let moving = try #require(try alice.customers().first).customer
            let item = try #require(try alice.items(customerCode: moving.code).first)
            try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called before the move")

            // The credit team moves the customer to bruno while alice is offline.
            let file = cluster.directory.appendingPathComponent("move.csv")
            try "customer,collector\n\(moving.code),bruno\n".write(to: file, atomically: true, encoding: .utf8)
            let report = try await cluster.store.importFile(.portfolio, from: file)
            #expect(report.applied && report.updated == 1)

            let sync = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(sync.rejected == 2)   // the qualification and the follow-up it planned
            #expect(try alice.customers().allSatisfy { $0.customer.code != moving.code })
            let returned = try alice.rejected()
            #expect(returned.count == 1)
            #expect(returned.first?.rejectionCode == RejectionCode.outOfScope.rawValue)
            #expect(returned.first?.qualification.comment == "Called before the move")
            // Its follow-up came back too, and `dso status` lists both.
            let all = try alice.returnedWork()
            #expect(Set(all.map(\.kind)) == [.qualification, .action] && all.allSatisfy { $0.code == RejectionCode.outOfScope.rawValue })
            #expect(try alice.status().rejectedChanges == 2)

            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            #expect(try bruno.customers().contains { $0.customer.code == moving.code })
            #expect(try bruno.items(customerCode: moving.code).count == (try cluster.store.itemStates()
                .filter { $0.item.customerID == moving.id && !$0.item.isCleared }.count))
            let server = try await ServerView(store: cluster.store)
            try expectAgrees(bruno, with: server, customers: server.portfolio("bruno"))
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
        }
    }
}
