import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

/// Files made by earlier releases open under the current schema, keep their outbox and sync.
/// Each schema change adds a folder under `Fixtures/` (made with the release before it: a demo
/// store of 6 customers, alice's replica with work synced and work pending).
@Suite struct UpgradeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Replica schema v8 and store schema v12 (the release of 2026-11-23): alice qualified one
    /// item and synced, then, offline, recorded a promise (with its follow-up), logged a call and
    /// changed a phone number: 4 changes pending.
    @Test func replicaV8KeepsItsOutboxAndSyncs() async throws {
        let folder = UpgradeTests.fixtures.appendingPathComponent("upgrade-replica-v8")
        try await TestCluster.with(store: folder.appendingPathComponent("central.sqlite")) { cluster in
            let path = cluster.directory.appendingPathComponent("replicas/alice.sqlite")
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("replica.sqlite"), to: path)
            let replica = try Replica(path: path.path)
            let before = try replica.status()
            #expect(before.pendingChanges == 4)
            #expect(before.account?.login == "alice")
            #expect(try replica.check().isConsistent)

            let client = SyncClient(transport: try cluster.transport(), token: try cluster.store.issueToken(login: "alice"))
            let report = try await replica.sync(client: client, retry: quickRetry)
            #expect(report.accepted == 4)
            #expect(report.rejected == 0)
            #expect(try replica.status().pendingChanges == 0)
            let promise = try #require(try cluster.store.qualifications().first { $0.comment == "Pays Friday" })
            #expect(promise.author == "alice")
            #expect(promise.promisedDate == BusinessDate("2026-12-11"))
            #expect(try cluster.store.resolvedContacts().contains { $0.contact.phone == "+33 1 25 83 16 91" })
            #expect(try replica.check().isConsistent)
        }
    }
}
