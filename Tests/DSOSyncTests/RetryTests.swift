import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Lost answers and interrupted pulls", .serialized)
struct RetryTests {
    @Test("a push whose answer is lost is retried and applied once", arguments: TestEngine.available)
    func lostPushAnswer(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let items = try alice.items(today: TestCluster.asOf)
            for item in items.prefix(3) {
                try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called \(item.item.number)", followUp: .none)
            }
            let before = try cluster.store.counts()

            // The first push reaches the server, which applies it; its answer never comes back.
            let faulty = FaultyTransport(wrapping: try cluster.transport()) { request, index in
                request.method == "POST" && index == 1
            }
            let report = try await alice.sync(client: try cluster.client("alice", transport: faulty), retry: quickRetry)

            let pushes = faulty.exchanges.filter { $0.request.method == "POST" }
            #expect(pushes.count == 2)
            #expect(pushes[0].response == nil)
            let answer = try WireJSON.decoder().decode(PushResponse.self, from: try #require(pushes[1].response?.body))
            #expect(answer.results.map(\.outcome) == [.duplicate, .duplicate, .duplicate])
            #expect(report.accepted == 3 && report.rejected == 0)

            let after = try cluster.store.counts()
            #expect(after["qualifications"]! - before["qualifications"]! == 3)
            #expect(after["receipts"]! - before["receipts"]! == 3)
            #expect(try alice.pendingCount() == 0)
            #expect(try alice.history(of: items[0].item.number).map(\.state) == [.accepted])
            // Nothing left to push on the next sync.
            #expect(try await alice.sync(client: try cluster.client("alice"), retry: quickRetry).pushed == 0)
        }
    }

    @Test("an interrupted pull resumes from its saved cursor without gaps or repeats", arguments: TestEngine.available)
    func interruptedPullResumes(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            // Some log after the snapshot point too.
            let alice = try await cluster.replica("alice")
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            for item in try alice.items(today: TestCluster.asOf).prefix(5) {
                try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called")
            }
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)

            // Reference: the whole pull, uninterrupted.
            let reference = try await cluster.replica("claire", name: "reference")
            let clean = FaultyTransport(wrapping: try cluster.transport()) { _, _ in false }
            try await reference.sync(client: try cluster.client("claire", transport: clean), retry: quickRetry, pageSize: 40,
                                     snapshotFile: false)
            let expected = try delivered(clean)
            #expect(expected.count > 150)

            // Interrupted: the fourth page is served but lost, and the sync gives up.
            let replica = try await cluster.replica("claire", name: "interrupted")
            let flaky = FaultyTransport(wrapping: try cluster.transport()) { request, index in
                request.method == "GET" && request.target.hasPrefix("/v1/changes") && index == 4
            }
            await #expect(throws: SyncError.self) {
                try await replica.sync(client: try cluster.client("claire", transport: flaky),
                                       retry: RetryPolicy(maxAttempts: 1), pageSize: 40, snapshotFile: false)
            }
            let firstPart = try delivered(flaky)
            #expect(firstPart.count == 3 * 40)
            let lastCursor = try pages(flaky).last!.next

            let resumed = FaultyTransport(wrapping: try cluster.transport()) { _, _ in false }
            try await replica.sync(client: try cluster.client("claire", transport: resumed), retry: quickRetry, pageSize: 40)
            let firstRequest = try #require(resumed.exchanges.first { $0.request.target.hasPrefix("/v1/changes") })
            #expect(firstRequest.request.target.contains("after=\(lastCursor)"))
            #expect(firstPart + (try delivered(resumed)) == expected)

            let server = try await ServerView(store: cluster.store)
            try expectAgrees(replica, with: server, customers: nil)
        }
    }

    /// The pull pages a transport handed to the replica, in order.
    func pages(_ transport: FaultyTransport) throws -> [PullResponse] {
        try transport.exchanges.compactMap { exchange in
            guard exchange.request.target.hasPrefix("/v1/changes"), let body = exchange.response?.body else { return nil }
            return try WireJSON.decoder().decode(PullResponse.self, from: body)
        }
    }

    /// The changes those pages delivered, as (sequence, kind, wire JSON).
    func delivered(_ transport: FaultyTransport) throws -> [String] {
        let encoder = WireJSON.encoder()
        return try pages(transport).flatMap(\.changes).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    }
}
