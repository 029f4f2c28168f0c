import DSOSync
import Foundation
import Testing

@Suite("Files at rest: the replica")
struct ReplicaFileTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new replica, its -wal and -shm are 0600 and its new folders 0700, from their creation")
    func newReplica() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-rperm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("share/dso/replica.sqlite").path
        let replica = try Replica(path: path)
        #expect(try mode(root.appendingPathComponent("share/dso").path) == 0o700)
        #expect(try mode(root.appendingPathComponent("share").path) == 0o700)
        for suffix in ["", "-wal", "-shm"] {
            #expect(FileManager.default.fileExists(atPath: path + suffix), "\(suffix)")
            #expect(try mode(path + suffix) == 0o600, "replica\(suffix)")
        }
        withExtendedLifetime(replica) {}
    }

    @Test("opening without create refuses a missing file and creates nothing")
    func noCreate() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-rperm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("missing/replica.sqlite").path
        #expect(throws: ReplicaError.noReplica(path)) { try Replica(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }
}
