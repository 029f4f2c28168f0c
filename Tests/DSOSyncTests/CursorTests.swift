import DSOModel
import DSOProtocol
import DSOServer
@testable import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Cursors over HTTPS", .serialized)
struct CursorTests {
    @Test("another user's cursor gets 400 invalid_cursor", arguments: TestEngine.available)
    func foreignCursor(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let bruno = try cluster.client("bruno")
            let page = try await bruno.pull(after: nil, limit: 5)
            let alice = try cluster.client("alice")
            await #expect {
                try await alice.pull(after: page.next, limit: 5)
            } throws: { error in
                guard case .problem(let p) = error as? SyncError else { return false }
                return p.code == .invalidCursor && p.status == 400
            }
            // The same cursor still works for bruno.
            #expect(try await bruno.pull(after: page.next, limit: 5).changes.count == 5)
        }
    }

    @Test("a replica whose cursor the server no longer accepts downloads its scope again, keeping its pending work", arguments: TestEngine.available)
    func rebootstrap(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let item = try #require(try alice.items(today: TestCluster.asOf).first)
            let q = try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called before the upgrade", followUp: .none)
            // A cursor of the unsigned format earlier servers issued.
            let legacy = Data("v1:\(cluster.store.serverID.uuidString):log:0".utf8).base64EncodedString()
            try await alice.pool.write { db in try Replica.setMeta("cursor", legacy, in: db) }

            let report = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.rebootstrapped)
            // Pushed once, then resent by the re-bootstrap (in case the server lost it): a duplicate.
            #expect(report.accepted == 2 && report.pushed == 2)
            #expect(try alice.pendingCount() == 0)
            #expect(try alice.history(of: item.item.number).map(\.qualification.id) == [q.id])
            let server = try await ServerView(store: cluster.store)
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
            // The next sync uses the new cursor as usual.
            #expect(!(try await alice.sync(client: try cluster.client("alice"), retry: quickRetry).rebootstrapped))
        }
    }
}
