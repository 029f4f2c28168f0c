import DSOModel
import DSOServer
import Foundation
import GRDB
import Testing

/// `dso-server` as an operator meets it: failures leave nothing half-made behind.
@Suite("dso-server, tried as a new operator would", .serialized)
struct ServerCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dso-srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("commands that read create no data directory; the default ./dso-data is not made by a typo")
    func readsCreateNothing() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        for command in [["user", "list"], ["settings", "show"], ["scenario", "list"], ["user", "token", "alice"], ["serve", "--port", "0"],
                        ["check"]] {
            let result = try await CommandRunner.run("dso-server", command, environment: ["DSO_DATA": ""], directory: root)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no data directory at"), "\(command): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        // A failure that is not a usage error exits 1, a usage error 64.
        let unwritable = try await CommandRunner.run("dso-server", ["fixtures", "--customers", "2", "--out", "/proc/dso-fixtures"])
        #expect(unwritable.status == 1 && unwritable.stderr.hasPrefix("dso-server: cannot write to /proc/dso-fixtures"), "\(unwritable.stderr)")
        let port = try await CommandRunner.run("dso-server", ["serve", "--port", "70000"], directory: root)
        #expect(port.status == 64 && port.stderr.contains("--port must be 0-65535"), "\(port.stderr)")
    }

    @Test("check: 0 when consistent, 1 for drifted derived state, 0 after --repair, 2 for a payload that differs from the log")
    func check() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        for (kind, file) in [("users", "users.csv"), ("customers", "customers.csv"), ("items", "items.csv")] {
            let imported = try await CommandRunner.run("dso-server", ["import", kind, ServerCLITests.fixtures.appendingPathComponent(file).path,
                                                                      "--data", data])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let clean = try await CommandRunner.run("dso-server", ["check", "--data", data])
        #expect(clean.status == 0 && clean.stdout.contains(": consistent"), "\(clean.stdout)\(clean.stderr)")
        let db = try DatabaseQueue(path: data + "/central.sqlite")
        try await db.write { try $0.execute(sql: "UPDATE items SET due_date = '2001-01-01' WHERE id = (SELECT min(id) FROM items)") }
        let drifted = try await CommandRunner.run("dso-server", ["check", "--data", data])
        #expect(drifted.status == 1 && drifted.stdout.contains("the typed columns differ from its payload")
                && drifted.stdout.contains("run `dso-server check --repair`"), "\(drifted.stdout)")
        let repaired = try await CommandRunner.run("dso-server", ["check", "--repair", "--data", data])
        #expect(repaired.status == 0 && repaired.stdout.contains("derived state rebuilt"), "\(repaired.stdout)")
        try await db.write { try $0.execute(sql: "UPDATE customers SET doc = replace(doc, '\"name\"', '\"name\" ') WHERE id = (SELECT min(id) FROM customers)") }
        let facts = try await CommandRunner.run("dso-server", ["check", "--data", data, "--json"])
        #expect(facts.status == 2 && facts.stdout.contains("\"unrepairable\" : 1"), "\(facts.stdout)")
    }

    @Test("demo: bad fixtures, a missing Fixtures/ or a busy port leave no data directory and issue no token")
    func demoFailures() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("demo-data")
        // A bad items file.
        let broken = root.appendingPathComponent("broken")
        try FileManager.default.copyItem(at: ServerCLITests.fixtures, to: broken)
        try "customer,number,issue_date,due_date,amount\nC0001,X-1,2026-13-01,2026-12-01,100\n"
            .write(to: broken.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
        let bad = try await CommandRunner.run("dso-server", ["demo", "--data", data.path, "--fixtures", broken.path, "--port", "0"])
        #expect(bad.status == 1 && bad.stderr.contains("importing items.csv failed"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }.isEmpty)
        // Run outside the repository.
        let outside = try await CommandRunner.run("dso-server", ["demo", "--data", data.path, "--port", "0"], directory: root)
        #expect(outside.status == 64 && outside.stderr.contains("pass --fixtures DIR"), "\(outside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        // A busy port.
        let holder = try await FaultServer(.blackHole)
        let busy = try await CommandRunner.run("dso-server", ["demo", "--data", data.path, "--fixtures", ServerCLITests.fixtures.path,
                                                        "--port", String(holder.port)])
        await holder.stop()
        #expect(busy.status == 69 && busy.stderr.contains("port \(holder.port) on 127.0.0.1 is already in use"), "\(busy.stderr)")
        #expect(!busy.stdout.contains("dso init"))
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("a second server on the same data directory refuses to start")
    func oneServerPerDirectory() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let users = root.appendingPathComponent("users.csv")
        try "login,role\nalice,collector\n".write(to: users, atomically: true, encoding: .utf8)
        #expect(try await CommandRunner.run("dso-server", ["import", "users", users.path, "--data", data.path]).status == 0)
        let first = try ServerProcess(dataDirectory: data)
        defer { first.stop() }
        let second = try await CommandRunner.run("dso-server", ["serve", "--data", data.path, "--port", "0"], timeout: 20)
        #expect(second.status == 69, "\(second.stderr)")
        #expect(second.stderr.contains("another dso-server (pid \(first.process.processIdentifier)) is serving"), "\(second.stderr)")
        // Once the first is gone (even killed), the directory is free again.
        first.kill9()
        let third = try ServerProcess(dataDirectory: data)
        third.stop()
    }
}
