import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Long-poll pulls", .serialized)
struct LongPollTests {
    @Test("a waiting pull returns the change pushed meanwhile; an idle one returns empty when the wait ends", arguments: TestEngine.available)
    func longPoll(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.replica("claire")
            let managerClient = try cluster.client("claire")
            try await claire.sync(client: managerClient, retry: quickRetry)
            // Claire's cursor is now at the head of the log; find it by pulling the tail once.
            var cursor: String? = nil
            repeat {
                let page = try await managerClient.pull(after: cursor, limit: 1000)
                cursor = page.next
                if !page.more { break }
            } while true

            // Idle: nothing arrives, the wait ends with an empty page and the same position.
            let idle = try await managerClient.pull(after: cursor, limit: 100, wait: 1)
            #expect(idle.changes.isEmpty && !idle.more)

            // Waiting: alice pushes while claire's pull is parked on the server.
            let item = try #require(try alice.items().first)
            async let parked = managerClient.pull(after: idle.next, limit: 100, wait: 30)
            try await Task.sleep(for: .milliseconds(300))
            try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called during the long poll", followUp: .none)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let page = try await parked
            #expect(page.changes.count == 1)
            guard case .qualification(let q) = page.changes.first?.body else {
                Issue.record("expected the qualification, got \(page.changes)")
                return
            }
            #expect(q.comment == "Called during the long poll")
        }
    }

    /// A cursor at the head of the log for `client`'s user.
    func head(_ client: SyncClient) async throws -> String {
        var cursor: String? = nil
        repeat {
            let page = try await client.pull(after: cursor, limit: 1000)
            cursor = page.next
            if !page.more { return page.next }
        } while true
    }

    @Test("a push wakes the long-polls of its customers' collector and of the managers, not the other collectors'; a commit of another process wakes everyone", arguments: TestEngine.available)
    func targetedWake(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let bruno = try await cluster.syncedReplica("bruno")
            let (aliceClient, claireClient) = (try cluster.client("alice"), try cluster.client("claire"))
            let (aliceHead, claireHead) = (try await head(aliceClient), try await head(claireClient))
            let alicePoll = Task { try await aliceClient.pull(after: aliceHead, limit: 100, wait: 30) }
            let clairePoll = Task { try await claireClient.pull(after: claireHead, limit: 100, wait: 30) }
            let parked = ContinuousClock.now + .seconds(10)
            while await cluster.store.signal.parked < 2, ContinuousClock.now < parked { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await cluster.store.signal.parked == 2)
            let wokenBefore = await cluster.store.signal.woken

            let item = try #require(try bruno.items().first)
            try bruno.qualify(items: [item.item.number], status: "contacted", comment: "Bruno's call", followUp: .none)
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            #expect(try await clairePoll.value.changes.count == 1)
            // Alice's pull was not even woken: bruno's customer is not hers.
            try await Task.sleep(for: .milliseconds(200))
            #expect(await cluster.store.signal.woken == wokenBefore + 1)
            #expect(await cluster.store.signal.parked == 1)

            // Another process (a second store handle on the same file, as `dso-server import`
            // beside the server) clears one of alice's items: her pull answers within a second or two.
            let aliceItem = try #require(try cluster.store.itemStates().first { state in
                try cluster.store.customers().first { $0.id == state.item.customerID }?.collector == "alice" && !state.item.isCleared
            }).item
            let code = try #require(try cluster.store.customers().first { $0.id == aliceItem.customerID }).code
            let other = try cluster.otherStore()
            let file = cluster.directory.appendingPathComponent("delta.csv")
            try "customer,number,issue_date,due_date,amount,cleared_date\n\(code),\(aliceItem.number),\(aliceItem.issueDate),\(aliceItem.dueDate),\(aliceItem.initialAmount.decimalString),2026-11-22\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let started = ContinuousClock.now
            let report = try await other.importFile(.items, from: file, mode: .delta, asOf: TestCluster.asOf)
            #expect(report.applied, "\(report.rejected)")
            let page = try await alicePoll.value
            #expect(page.changes.contains { if case .item(let i) = $0.body { i.id == aliceItem.id && i.isCleared } else { false } })
            #expect(started.duration(to: .now) < .seconds(5))
        }
    }
}
