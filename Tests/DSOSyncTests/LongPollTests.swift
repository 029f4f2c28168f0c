import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

@Suite("Long-poll pulls", .serialized)
struct LongPollTests {
    @Test("a waiting pull returns the change pushed meanwhile; an idle one returns empty when the wait ends")
    func longPoll() async throws {
        try await TestCluster.with { cluster in
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
}
