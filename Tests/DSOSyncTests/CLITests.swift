import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

@Suite("The terminal clients", .serialized)
struct CLITests {
    @Test("dso: init, read offline as JSON, refuse bad input with a one-line message and the right exit code")
    func dsoCommands() async throws {
        try await TestCluster.with { cluster in
            let path = cluster.directory.appendingPathComponent("cli/alice.sqlite").path
            let env = ["DSO_REPLICA": path]
            let initResult = try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens["alice"]!,
                                                           "--ca", cluster.caFile], environment: env)
            #expect(initResult.status == 0, "\(initResult.stderr)")
            #expect(initResult.stdout.contains("as alice (collector)"))

            let items = try await CommandRunner.run("dso", ["items", "--json"], environment: env)
            #expect(items.status == 0)
            let views = try WireJSON.decoder().decode([ItemView].self, from: Data(items.stdout.utf8))
            #expect(!views.isEmpty)
            let number = views[0].item.number

            let replica = try Replica(path: path)
            func refused(_ args: [String], exit: Int32, message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let result = try await CommandRunner.run("dso", args, environment: env)
                #expect(result.status == exit, "\(args): \(result.stderr)", sourceLocation: sourceLocation)
                #expect(result.stderr.contains(message), "\(args): \(result.stderr)", sourceLocation: sourceLocation)
                #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
            }
            try await refused(["qualify", "NO-SUCH-ITEM", "--status", "contacted", "--comment", "x"], exit: 1, message: "dso: unknown item 'NO-SUCH-ITEM'")
            try await refused(["qualify", number, "--status", "no_such_status", "--comment", "x"], exit: 1, message: "unknown status 'no_such_status'")
            try await refused(["qualify", number, "--status", "price_dispute", "--comment", "too dear"], exit: 1, message: "a dispute needs a resolver")
            try await refused(["qualify", number, "--status", "contacted", "--comment", "x", "--date", "2026-02-30"], exit: 64, message: "is not a date")
            try await refused(["qualify", number, "--comment", "x"], exit: 64, message: "--status")
            try await refused(["items", "--customer", "NOPE"], exit: 1, message: "unknown customer 'NOPE'")
            try await refused(["init", "--server", "http://127.0.0.1:1", "--token", "t"], exit: 64, message: "https://")
            // The collector's day commands refuse bad input the same way.
            let other = try #require(views.first { $0.customerCode != views[0].customerCode })
            try await refused(["dispute", "open", number, "--status", "contacted", "--resolver", "x", "--comment", "y"], exit: 1, message: "not a dispute status")
            try await refused(["plan", views[0].customerCode, "--channel", "visit", "--date", "2026-12-01", "--items", other.item.number],
                        exit: 1, message: "belongs to another customer")
            try await refused(["plan", views[0].customerCode, "--channel", "fax", "--date", "2026-12-01", "--items", number], exit: 64, message: "fax")
            try await refused(["promise", number, "--date", "2026-12-01", "--amount=-5"], exit: 64, message: "an amount is positive")
            try await refused(["done", "deadbeef"], exit: 1, message: "unknown action 'deadbeef'")
            try await refused(["dispute", "close", "deadbeef"], exit: 1, message: "no open dispute")
            try await refused(["contact", "set", "deadbeef", "--phone", "1"], exit: 1, message: "unknown contact")
            try await refused(["act", "NOPE", "--channel", "call", "--outcome", "reached"], exit: 1, message: "unknown customer 'NOPE'")
            try await refused(["agenda", "--days", "x"], exit: 64, message: "days")
            #expect(try replica.pendingCount() == 0)
            #expect(try replica.history(of: number).isEmpty)

            let ok = try await CommandRunner.run("dso", ["qualify", number, "--status", "contacted", "--comment", "Called, voicemail", "--json"], environment: env)
            #expect(ok.status == 0)
            let q = try WireJSON.decoder().decode(Qualification.self, from: Data(ok.stdout.utf8))
            #expect(q.author == "alice" && q.replicaID == replica.id)
            let sync = try await CommandRunner.run("dso", ["sync", "--json"], environment: env)
            #expect(sync.status == 0)
            // The qualification and the follow-up it planned (status date + 7 days, by phone).
            #expect(try WireJSON.decoder().decode(SyncReport.self, from: Data(sync.stdout.utf8)).accepted == 2)
            #expect(try cluster.store.qualifications().contains { $0.id == q.id })
            let followUp = try #require(try cluster.store.actions().first { $0.qualificationID == q.id })
            #expect(followUp.kind == .followUp && followUp.date == q.statusDate.adding(days: 7) && followUp.channel == .call)
        }
    }

    @Test("dso-server import: a bad file is reported by line, exits 1 and changes nothing")
    func serverImport() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = directory.appendingPathComponent("data").path
        let good = directory.appendingPathComponent("users.csv")
        try "login,role,name\nalice,collector,Alice\nclaire,manager,Claire\n".write(to: good, atomically: true, encoding: .utf8)
        let first = try await CommandRunner.run("dso-server", ["import", "users", good.path, "--data", data])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Imported."))
        let bad = directory.appendingPathComponent("customers.csv")
        try "code,name,currency,collector\nC1,Alpha,EUR,alice\nC2,Beta,EURO,alice\nC3,Gamma,EUR,claire\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run("dso-server", ["import", "customers", bad.path, "--data", data])
        #expect(result.status == 1)
        #expect(result.stdout.contains("line 3: currency 'EURO'"))
        #expect(result.stdout.contains("line 4: 'claire' is a manager"))
        #expect(result.stdout.contains("Nothing was imported"))
        let json = try await CommandRunner.run("dso-server", ["import", "customers", bad.path, "--data", data, "--json"])
        let report = try WireJSON.decoder().decode(ImportReport.self, from: Data(json.stdout.utf8))
        #expect(report.rejected.map(\.line) == [3, 4] && !report.applied)
        #expect(try CentralStore(dataDirectory: URL(fileURLWithPath: data)).customers().isEmpty)
        let missing = try await CommandRunner.run("dso-server", ["import", "customers", "/no/such/file.csv", "--data", data])
        #expect(missing.status == 64)
    }
}
