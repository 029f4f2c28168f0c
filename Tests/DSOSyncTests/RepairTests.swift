import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import GRDB
import Testing

/// When a replica can no longer continue (issue 9, part 4): a damaged file, a cursor the server
/// refuses, a server store restored from a backup. It is rebuilt from a fresh download and its
/// work is replayed on top: never a discard.
@Suite("Repair", .serialized)
struct RepairTests {
    /// Overwrites the first page of `table` in a closed SQLite file with garbage.
    static func damage(_ path: String, table: String) throws {
        let file = try DatabaseQueue(path: path)
        let (root, pageSize) = try file.inDatabase { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_schema WHERE name = ?", arguments: [table])!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        try file.close()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        handle.write(Data(repeating: 0xA5, count: pageSize))
        try handle.close()
    }

    @Test("a damaged file: dso says to repair; dso repair rebuilds it, replays the unsynced work, keeps the old file")
    func damagedFile() async throws {
        try await TestCluster.with { cluster in
            let path = cluster.directory.appendingPathComponent("own/alice.sqlite").path
            var written: [UUID] = []
            var replicaID: UUID?
            do {
                let alice = try Replica(path: path)
                replicaID = alice.id
                try await alice.attach(server: cluster.url, token: cluster.tokens["alice"]!, caFile: cluster.caFile, client: try cluster.client("alice"))
                try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
                let items = try alice.items()
                written.append(try alice.qualify(items: [items[0].item.number], status: "contacted", comment: "synced before the damage").id)
                try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
                written.append(try alice.qualify(items: [items[1].item.number], status: "payment_announced", comment: "not yet synced").id)
                try alice.logAction(customerCode: items[1].customerCode, channel: .call, outcome: .reached, note: "unsynced call")
                #expect(try alice.pendingCount() >= 2)
            }   // closed: the file is checkpointed
            try Self.damage(path, table: "qualifications")

            let status = try await CommandRunner.run("dso", ["status", "--replica", path])
            #expect(status.status == 1)
            #expect(status.stderr.contains("the replica file is damaged") && status.stderr.contains("run `dso repair`"), "\(status.stderr)")

            let repair = try await CommandRunner.run("dso", ["repair", "--replica", path])
            #expect(repair.status == 0, "\(repair.stdout) \(repair.stderr.suffix(3000))")
            #expect(repair.stdout.contains("The old file is kept: \(path).before-repair-"), "\(repair.stdout)")
            let kept = try FileManager.default.contentsOfDirectory(atPath: cluster.directory.appendingPathComponent("own").path)
            #expect(kept.contains { $0.hasPrefix("alice.sqlite.before-repair-") })

            let repaired = try Replica(path: path)
            #expect(repaired.id == replicaID)
            #expect(try repaired.pendingCount() == 0)
            #expect(try repaired.check().isConsistent)
            let server = try cluster.store.qualifications().map(\.id)
            #expect(written.allSatisfy(server.contains))
            #expect(try cluster.store.actions().contains { $0.note == "unsynced call" && $0.createdBy == "alice" })
            #expect(try repaired.history(of: try repaired.items().first { $0.current?.id == written[1] }!.item.id.uuidString)
                .contains { $0.qualification.id == written[1] && $0.state == .accepted })
        }
    }

    @Test("a cursor the server refuses: repair rebuilds the replica and pushes its pending work")
    func refusedCursor() async throws {
        try await TestCluster.with { cluster in
            let path = cluster.directory.appendingPathComponent("own/bruno.sqlite").path
            do {
                let bruno = try Replica(path: path)
                try await bruno.attach(server: cluster.url, token: cluster.tokens["bruno"]!, caFile: cluster.caFile, client: try cluster.client("bruno"))
                try await bruno.sync(client: try cluster.client("bruno"), retry: quickRetry)
                try bruno.qualify(items: [try bruno.items()[0].item.number], status: "contacted", comment: "pending", followUp: .none)
            }
            // A cursor the server never issued (as after a reset of the store).
            let file = try DatabaseQueue(path: path)
            try file.inDatabase { db in try db.execute(sql: "UPDATE meta SET value = 's1.AAAA.AAAA' WHERE key = 'cursor'") }
            try file.close()
            let (repaired, report) = try await Replica.repair(path: path, client: try cluster.client("bruno"), retry: quickRetry)
            #expect(report.replayed == 1 && report.sync.accepted >= 1 && report.sync.rejected == 0)
            let consistent = try repaired.check().isConsistent
            #expect(try repaired.pendingCount() == 0 && consistent)
            let stored = try cluster.store.qualifications()
            #expect(stored.contains { $0.comment == "pending" && $0.author == "bruno" })
        }
    }

    @Test("a server store restored from a backup: the replica is refused, downloads anew and resends what the store lost")
    func storeRestoredFromBackup() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FixtureGenerator(customers: 6, seed: 9, asOf: TestCluster.asOf).write(to: directory.appendingPathComponent("fixtures"))
        var tokens: [String: String] = [:]
        do {
            let store = try CentralStore(dataDirectory: data)
            for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"), (.items, "items.csv")] {
                #expect(try await store.importFile(kind, from: directory.appendingPathComponent("fixtures/\(file)"), mode: .stock).applied)
            }
            for login in ["alice", "bruno", "claire"] { tokens[login] = try store.issueToken(login: login) }
        }
        var server = try ServerProcess(dataDirectory: data)
        let proxy = try await FaultProxy(upstreamPort: server.port)
        let ca = data.appendingPathComponent("tls/ca.pem").path
        let url = URL(string: "https://127.0.0.1:\(proxy.port)")!
        let transport = try HTTPTransport(server: url, trustedCAFile: ca)
        func client(_ login: String) -> SyncClient { SyncClient(transport: transport, token: tokens[login]!) }
        func restart() throws {
            server = try ServerProcess(dataDirectory: data)
            proxy.setUpstream(port: server.port)
        }
        do {
            let alice = try Replica(path: directory.appendingPathComponent("alice.sqlite").path)
            try await alice.attach(server: url, token: tokens["alice"]!, caFile: ca, client: client("alice"))
            try await alice.sync(client: client("alice"), retry: quickRetry)
            let items = try alice.items()
            let before = try alice.qualify(items: [items[0].item.number], status: "contacted", comment: "before the backup", followUp: .none)
            try await alice.sync(client: client("alice"), retry: quickRetry)

            // claire (a manager) syncs now and not again until after the restore.
            let claire = try Replica(path: directory.appendingPathComponent("claire.sqlite").path)
            try await claire.attach(server: url, token: tokens["claire"]!, caFile: ca, client: client("claire"))
            try await claire.sync(client: client("claire"), retry: quickRetry)

            // The backup, taken while the server serves.
            let backup = directory.appendingPathComponent("backup.sqlite")
            let backedUp = try await CommandRunner.run("dso-server", ["backup", "--to", backup.path, "--data", data.path])
            #expect(backedUp.status == 0, "\(backedUp.stderr)")
            #expect(backedUp.stdout.hasPrefix("Backed up the store to \(backup.path)"))

            // Work acknowledged after the backup...
            let after = try alice.qualify(items: [items[1].item.number], status: "payment_announced", comment: "after the backup", followUp: .none)
            try alice.logAction(customerCode: items[1].customerCode, channel: .call, outcome: .reached, note: "call after the backup")
            #expect(try await alice.sync(client: client("alice"), retry: quickRetry).accepted == 2)
            // ...and bruno's, so that the restored store numbers new changes past alice's position.
            let bruno = try Replica(path: directory.appendingPathComponent("bruno.sqlite").path)
            try await bruno.attach(server: url, token: tokens["bruno"]!, caFile: ca, client: client("bruno"))
            try await bruno.sync(client: client("bruno"), retry: quickRetry)

            // The store is restored from the backup: what alice pushed since is gone from it.
            // Not while the server runs.
            let refused = try await CommandRunner.run("dso-server", ["restore", "--from", backup.path, "--data", data.path])
            #expect(refused.status == 69 && refused.stderr.contains("stop it first"), "\(refused.stderr)")
            server.stop()
            let restoredRun = try await CommandRunner.run("dso-server", ["restore", "--from", backup.path, "--data", data.path])
            #expect(restoredRun.status == 0, "\(restoredRun.stderr)")
            #expect(restoredRun.stdout.contains("The store it replaced is kept at"))
            try restart()
            for item in try bruno.items().prefix(4) {
                try bruno.qualify(items: [item.item.number], status: "contacted", comment: "after the restore", followUp: .standard)
            }
            try await bruno.sync(client: client("bruno"), retry: quickRetry)

            // claire synced before the backup: she continues where she was.
            let continued = try await claire.sync(client: client("claire"), retry: quickRetry)
            #expect(!continued.rebootstrapped)

            let report = try await alice.sync(client: client("alice"), retry: quickRetry)
            #expect(report.rebootstrapped)
            #expect(report.rejected == 0)
            #expect(try alice.pendingCount() == 0)
            #expect(try alice.check().isConsistent)
            // What alice resent reaches claire, who never had to start over.
            #expect(try await !claire.sync(client: client("claire"), retry: quickRetry).rebootstrapped)
            #expect(try claire.history(of: items[1].item.id.uuidString).map(\.qualification.id) == [after.id])
            server.stop()
            let restored = try CentralStore(dataDirectory: data)
            let ids = Set(try restored.qualifications().map(\.id))
            #expect(ids.contains(before.id) && ids.contains(after.id))
            #expect(try restored.actions().contains { $0.note == "call after the backup" })
            #expect(try alice.history(of: items[1].item.id.uuidString).map(\.qualification.id) == [after.id])
        } catch {
            server.stop()
            throw error
        }
        await proxy.stop()
        try? await transport.shutdown()
    }
}
