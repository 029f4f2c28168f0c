import DSOModel
@testable import DSOServer
import Foundation
import Testing

@Suite("Files at rest: the central store")
struct FilePermissionTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new data directory is 0700 and the store, its -wal and -shm are 0600 from their creation")
    func newStore() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let store = try CentralStore(dataDirectory: data)
        _ = try store.addUser(User(login: "dora", role: .collector))   // a write: the WAL exists now
        #expect(try mode(data.path) == 0o700)
        for file in ["central.sqlite", "central.sqlite-wal", "central.sqlite-shm"] {
            let path = data.appendingPathComponent(file).path
            #expect(FileManager.default.fileExists(atPath: path), "\(file)")
            #expect(try mode(path) == 0o600, "\(file)")
        }
        let ca = LocalCertificateAuthority(dataDirectory: data)
        try ca.ensure()
        #expect(try mode(ca.directory.path) == 0o700)
        #expect(try mode(ca.caKey.path) == 0o600)
        #expect(try mode(ca.serverKey.path) == 0o600)
        #expect(try mode(ca.caCertificate.path) == 0o644)
    }

    @Test("an existing store left readable by others is tightened when opened")
    func existingStore() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        _ = try CentralStore(dataDirectory: data)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: data.appendingPathComponent("central.sqlite").path)
        _ = try CentralStore(dataDirectory: data)
        #expect(try mode(data.path) == 0o700)
        #expect(try mode(data.appendingPathComponent("central.sqlite").path) == 0o600)
    }
}
