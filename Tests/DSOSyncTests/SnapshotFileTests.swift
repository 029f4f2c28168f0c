import DSOModel
import DSOProtocol
import DSOServer
@testable import DSOSync
import Foundation
import PostgresTestSupport
import GRDB
import Testing

@Suite("First download as one SQLite file (protocol v2)", .serialized)
struct SnapshotFileTests {
    /// The tables a download fills, as sorted rows: what two replicas of one user must agree on.
    static func dump(_ replica: Replica) throws -> [String: [String]] {
        try replica.pool.read { db in
            var out: [String: [String]] = [:]
            for table in ["statuses", "customers", "contacts", "items", "qualifications", "qualification_items", "item_current",
                          "action_events", "scenarios", "settings", "payments", "contact_edits", "users", "digests", "agenda",
                          "alerts", "promises", "disputes"] {
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: " ")
                }.sorted()
            }
            return out
        }
    }

    /// Work on the server before the downloads: qualifications, actions, a contact edit and a
    /// new contact, from a collector and from the manager.
    static func work(_ cluster: TestCluster) async throws {
        let alice = try await cluster.syncedReplica("alice", name: "alice-work")
        let claire = try await cluster.syncedReplica("claire", name: "claire-work")
        let items = try alice.items(today: TestCluster.asOf)
        try alice.qualify(items: [items[0].item.number], status: "contacted", comment: "Called", followUp: .none)
        try alice.qualify(items: [items[1].item.number], status: "promise_to_pay", comment: "Pays Friday",
                          statusDate: TestCluster.asOf.adding(days: 4), followUp: .none)
        let customer = try #require(try alice.customers().first).customer
        try alice.logAction(customerCode: customer.code, channel: .call, outcome: .reached, note: "Spoke with the CFO")
        let contact = try #require(try alice.contacts(customerCode: customer.code).first).contact
        try alice.editContact(contact.id.uuidString, set: [.phone: "+33 6 11 11 11 11"])
        _ = try alice.addContact(customerCode: customer.code, name: "Léa Petit", role: "CFO", phone: "+33 1 40 00 00 00")
        let other = try #require(try claire.items(today: TestCluster.asOf).first { $0.customerCode != customer.code })
        try claire.qualify(items: [other.item.number], status: "contacted", comment: "Manager called", followUp: .none)
        #expect(try await alice.sync(client: try cluster.client("alice"), retry: quickRetry).rejected == 0)
        #expect(try await claire.sync(client: try cluster.client("claire"), retry: quickRetry).rejected == 0)
    }

    @Test("a collector's and the manager's file give the replica the same rows as version 1 pages, and the log follows", arguments: TestEngine.available)
    func sameAsPages(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await SnapshotFileTests.work(cluster)
            for login in ["alice", "claire"] {
                let byFile = try await cluster.replica(login, name: "\(login)-file")
                let phases = PhaseLog()
                let fileReport = try await byFile.sync(client: try cluster.client(login), retry: quickRetry, progress: phases.record)
                #expect(fileReport.snapshotFile)
                #expect(phases.all.first == .downloading && phases.all.last == .done, "\(phases.all)")
                #expect(phases.all.contains(.pulling))
                #expect(fileReport.pages == 1, "one version 1 log page follows the file")
                let byPages = try await cluster.replica(login, name: "\(login)-pages")
                let pagesReport = try await byPages.sync(client: try cluster.client(login), retry: quickRetry, snapshotFile: false)
                #expect(!pagesReport.snapshotFile)
                #expect(fileReport.pulled == pagesReport.pulled, "the same rows, counted alike")
                let (a, b) = (try SnapshotFileTests.dump(byFile), try SnapshotFileTests.dump(byPages))
                for table in a.keys.sorted() { #expect(a[table] == b[table], "\(login): \(table)") }
                for table in ["qualifications", "item_current", "action_events", "contact_edits", "contacts", "agenda"] {
                    #expect(a[table]?.isEmpty == false, "\(login): \(table) holds rows")
                }
                #expect(try byFile.isDownloadComplete())
                let server = try await ServerView(store: cluster.store)
                try expectAgrees(byFile, with: server, customers: login == "alice" ? server.portfolio("alice") : nil)
            }
            // The cursor in the file continues with the log: bruno's next qualification reaches
            // the manager's file-made replica.
            let bruno = try await cluster.syncedReplica("bruno")
            let item = try #require(try bruno.items(today: TestCluster.asOf).first)
            try bruno.qualify(items: [item.item.number], status: "contacted", comment: "After the download", followUp: .none)
            try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
            let claire = try Replica(path: cluster.directory.appendingPathComponent("replicas/claire-file.sqlite").path)
            #expect(try await claire.sync(client: try cluster.client("claire"), retry: quickRetry).pulled == 1)
            #expect(try claire.history(of: item.item.number).contains { $0.qualification.comment == "After the download" })
            // Nothing is left behind on either side.
            let data = try FileManager.default.contentsOfDirectory(atPath: cluster.directory.appendingPathComponent("data").path)
            #expect(!data.contains { $0.hasPrefix(".snapshot-") })
            let replicas = try FileManager.default.contentsOfDirectory(atPath: cluster.directory.appendingPathComponent("replicas").path)
            #expect(!replicas.contains { $0.hasSuffix(".snapshot") })
        }
    }

    @Test("a file that is not exactly the format, or made for someone else, is refused: the replica downloads through pages", arguments: TestEngine.available)
    func tamperedFile(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let tamperings = [
                "CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM items; END",
                "CREATE VIEW v AS SELECT * FROM items",
                "CREATE INDEX i ON items(number)",
                "UPDATE snapshot SET value = 'bruno' WHERE key = 'login'",
                "UPDATE snapshot SET value = '9' WHERE key = 'format'",
                "DROP TABLE payments",
            ]
            for (index, sql) in tamperings.enumerated() {
                let transport = TamperingTransport(wrapping: try cluster.transport(), sql: sql)
                let replica = try await cluster.replica("alice", name: "alice-\(index)")
                let report = try await replica.sync(client: try cluster.client("alice", transport: transport), retry: quickRetry)
                #expect(transport.tampered, "\(sql)")
                #expect(!report.snapshotFile, "\(sql)")
                #expect(try replica.isDownloadComplete())
                let server = try await ServerView(store: cluster.store)
                try expectAgrees(replica, with: server, customers: server.portfolio("alice"))
            }
        }
    }

    @Test("a file lost on the way changes nothing; the next sync downloads it", arguments: TestEngine.available)
    func lostFile(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let replica = try await cluster.replica("alice")
            let lost = FaultyTransport(wrapping: try cluster.transport()) { request, _ in request.target.hasPrefix(SnapshotFile.path) }
            await #expect(throws: (any Error).self) {
                try await replica.sync(client: try cluster.client("alice", transport: lost), retry: RetryPolicy(maxAttempts: 1))
            }
            #expect(try replica.status().customers == 0 && !replica.isDownloadComplete())
            let report = try await replica.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.snapshotFile && report.pulled > 0)
            #expect(try replica.isDownloadComplete())
        }
    }

    @Test("a server that does not serve version 2 (404) is met with version 1 pages", arguments: TestEngine.available)
    func olderServer(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let transport = TamperingTransport(wrapping: try cluster.transport(), sql: nil)
            let replica = try await cluster.replica("alice")
            let report = try await replica.sync(client: try cluster.client("alice", transport: transport), retry: quickRetry)
            #expect(!report.snapshotFile)
            #expect(report.pulled > 0)
            #expect(try replica.isDownloadComplete())
        }
    }

    @Test("the endpoint wants version 2 and a token; the file it serves is SQLite", arguments: TestEngine.available)
    func endpoint(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let transport = try cluster.transport()
            let token = cluster.tokens["alice"]!
            let v1 = try await transport.send(TransportRequest(method: "GET", target: SnapshotFile.path,
                                                               headers: [("DSO-Protocol-Version", "1"), ("Authorization", "Bearer \(token)")]))
            #expect(v1.status == 426)
            let anonymous = try await transport.send(TransportRequest(method: "GET", target: SnapshotFile.path,
                                                                      headers: [("DSO-Protocol-Version", "2")]))
            #expect(anonymous.status == 401)
            let file = cluster.directory.appendingPathComponent("alice.snapshot")
            #expect(try await cluster.client("alice").snapshotFile(to: file))
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let meta = try Replica.verifySnapshotFile(file, login: "alice", serverID: cluster.store.serverID.text)
            #expect(meta[.role] == "collector")
            #expect(throws: Replica.SnapshotFileRefused.self) {
                try Replica.verifySnapshotFile(file, login: "bruno", serverID: cluster.store.serverID.text)
            }
        }
    }
}

/// The phases a sync reported, in order.
final class PhaseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [SyncProgress.Phase] = []
    var all: [SyncProgress.Phase] { lock.withLock { phases } }
    @Sendable func record(_ progress: SyncProgress) { lock.withLock { phases.append(progress.phase) } }
}

/// Passes requests through, and either alters a downloaded snapshot file with `sql` or, with no
/// `sql`, answers the snapshot endpoint 404 as a server without version 2 would.
final class TamperingTransport: SyncTransport, @unchecked Sendable {
    private let inner: any SyncTransport
    private let sql: String?
    private let lock = NSLock()
    private var done = false

    init(wrapping inner: any SyncTransport, sql: String?) {
        self.inner = inner
        self.sql = sql
    }

    var tampered: Bool { lock.withLock { done } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await inner.send(request)
    }

    func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse {
        guard let sql else {
            return TransportResponse(status: 404, body: Data(#"{"type":"about:blank","title":"Not found","status":404,"code":"not_found"}"#.utf8))
        }
        let response = try await inner.download(request, to: file)
        let queue = try DatabaseQueue(path: file.path)
        try await queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        lock.withLock { done = true }
        return response
    }
}
