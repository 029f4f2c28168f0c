import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import GRDB
import Testing

@Suite("Backup and restore of the SQLite store")
struct BackupTests {
    let alice = User(login: "alice", role: .collector)

    /// Pushes `count` qualifications of one of alice's items, one per push.
    func pushes(_ fx: StoreFixture, count: Int) async throws -> [ChangeResult] {
        let customers = try fx.store.customers().filter { $0.collector == "alice" }.map(\.id)
        let item = try #require(try fx.store.itemStates().first { customers.contains($0.item.customerID) }).item
        let clock = HLCClock()
        let store = fx.store
        let alice = self.alice
        return try await withThrowingTaskGroup(of: [ChangeResult].self) { group in
            for _ in 0..<count {
                let q = Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted", comment: "c",
                                      statusDate: StoreFixture.asOf, author: "alice", replicaID: UUIDv7.make(), hlc: clock.now())
                group.addTask { try await store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: alice).results }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test("a backup taken while pushes commit is the store as of one commit: exactly the changes up to its head, consistent, 0600, one file")
    func backupWhileServing() async throws {
        let fx = try await StoreFixture()
        defer { fx.remove() }
        let destination = fx.directory.appendingPathComponent("backups/b1.sqlite")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = fx.store
        let alice = self.alice
        let customers = try fx.store.customers().filter { $0.collector == "alice" }.map(\.id)
        let item = try #require(try fx.store.itemStates().first { customers.contains($0.item.customerID) }).item
        // One push after another; the backup starts once the 50th is acknowledged.
        let (fifty, signal) = AsyncStream.makeStream(of: Void.self)
        let pusher = Task {
            let clock = HLCClock()
            var results: [ChangeResult] = []
            for index in 0..<200 {
                let q = Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted", comment: "c",
                                      statusDate: StoreFixture.asOf, author: "alice", replicaID: UUIDv7.make(), hlc: clock.now())
                results += try await store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: alice).results
                if index == 49 { signal.yield(); signal.finish() }
            }
            return results
        }
        for await _ in fifty {}
        let summary = try await Task.detached { try store.backup(to: destination) }.value
        let accepted = try await pusher.value.filter { $0.outcome == .accepted }
        #expect(accepted.count == 200)

        let mode = try FileManager.default.attributesOfItem(atPath: destination.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: destination.path + "-wal"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path)
        #expect(leftovers == ["b1.sqlite"])
        #expect(summary.serverID == store.serverID && summary.bytes > 0)

        // Restored elsewhere, the copy holds exactly the accepted changes numbered up to its head.
        let data = fx.directory.appendingPathComponent("restored")
        let restored = try CentralStore.restore(from: destination, into: data)
        #expect(restored.head == summary.head && restored.replacedStoreKeptAt == nil)
        let copy = try CentralStore(dataDirectory: data)
        #expect(try copy.headSequence() == summary.head)
        let kept = Set(try copy.qualifications().map(\.id))
        // Everything acknowledged before the backup started is in it.
        #expect(accepted.prefix(50).allSatisfy { kept.contains($0.id) })
        let expected = Set(accepted.filter { $0.seq! <= summary.head }.map(\.id))
        #expect(kept == expected)
        #expect(try copy.check().isConsistent)
    }

    @Test("an existing file is never overwritten by a backup")
    func refusesExisting() async throws {
        let fx = try await StoreFixture(importItems: false)
        defer { fx.remove() }
        let destination = fx.directory.appendingPathComponent("taken.sqlite")
        try Data("keep me".utf8).write(to: destination)
        #expect(throws: BackupError.self) { try fx.store.backup(to: destination) }
        #expect(try Data(contentsOf: destination) == Data("keep me".utf8))
        #expect(throws: BackupError.self) { try fx.store.backup(to: fx.directory.appendingPathComponent("no/such/folder/b.sqlite")) }
    }

    @Test("a restore keeps the replaced store aside, and refuses a damaged or foreign file without touching the store")
    func restore() async throws {
        let fx = try await StoreFixture()
        defer { fx.remove() }
        let backup = fx.directory.appendingPathComponent("b.sqlite")
        let summary = try fx.store.backup(to: backup)
        _ = try await pushes(fx, count: 3)
        let headAfter = try fx.store.headSequence()
        #expect(headAfter > summary.head)
        let data = fx.directory.appendingPathComponent("data")

        let damaged = fx.directory.appendingPathComponent("damaged.sqlite")
        var bytes = try Data(contentsOf: backup)
        bytes.replaceSubrange(4096..<8192, with: Data(repeating: 0x5A, count: 4096))
        try bytes.write(to: damaged)
        let foreign = fx.directory.appendingPathComponent("foreign.sqlite")
        let queue = try DatabaseQueue(path: foreign.path)
        try await queue.write { db in try db.execute(sql: "CREATE TABLE notes(text TEXT)") }
        try queue.close()
        for file in [damaged, foreign, fx.directory.appendingPathComponent("missing.sqlite")] {
            #expect(throws: BackupError.self) { try CentralStore.restore(from: file, into: data) }
        }
        #expect(try CentralStore(dataDirectory: data).headSequence() == headAfter)

        let restored = try CentralStore.restore(from: backup, into: data)
        #expect(restored.head == summary.head)
        #expect(try CentralStore(dataDirectory: data).headSequence() == summary.head)
        let aside = try #require(restored.replacedStoreKeptAt)
        #expect(try CentralStore(path: aside).headSequence() == headAfter)
    }
}
