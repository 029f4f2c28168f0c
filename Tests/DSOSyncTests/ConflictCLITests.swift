import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import Testing

/// `dso-server assign` and `dso-server conflicts` as the credit team meets them.
@Suite("dso-server assign and conflicts", .serialized)
struct ConflictCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    func run(_ arguments: [String], _ data: String, environment: [String: String] = [:]) async throws -> CommandRunner.Result {
        try await CommandRunner.run("dso-server", arguments + ["--data", data], environment: environment)
    }

    @Test("assign one customer or a file; refusals say what to do and change nothing; the history follows")
    func assign() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-assign-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        for (kind, file) in [("users", "users.csv"), ("customers", "customers.csv"), ("portfolio", "portfolio.csv")] {
            #expect(try await run(["import", kind, Self.fixtures.appendingPathComponent(file).path], data).status == 0)
        }
        let store = try CentralStore(path: data + "/central.sqlite")
        let customer = try #require(try store.customers().first { $0.collector == "alice" })

        let moved = try await run(["assign", customer.code, "--to", "bruno"], data)
        #expect(moved.status == 0 && moved.stdout == "\(customer.code): alice → bruno. Their replicas follow on their next sync.\n", "\(moved.stdout)")
        let again = try await run(["assign", customer.code, "--to", "bruno"], data)
        #expect(again.status == 0 && again.stdout.contains("already in bruno's portfolio; nothing changed"))
        for (arguments, message, status) in [
            ([customer.code, "--to", "claire"], "is a manager; only collectors hold portfolios", Int32(1)),
            (["C9999", "--to", "bruno"], "no customer 'C9999'", 1),
            ([customer.code, "--to", "nobody"], "no user 'nobody'", 1),
            ([customer.code], "say where the customer goes: --to LOGIN, or --unassign", 64),
            ([], "name a customer", 64),
        ] {
            let refused = try await run(["assign"] + arguments, data)
            #expect(refused.status == status && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count <= 2, "\(refused.stderr)")
        }
        // A file with a bad line changes nothing.
        let file = root.appendingPathComponent("moves.csv")
        try "customer,collector\n\(customer.code),chloe\nC0002,ghost\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await run(["assign", "--file", file.path], data)
        #expect(bad.status == 1 && bad.stdout.contains("line 3: unknown user 'ghost'"), "\(bad.stdout)")
        #expect(try store.customer(code: customer.code)?.collector == "bruno")
        try "customer,collector\n\(customer.code),chloe\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try await run(["assign", "--file", file.path], data).status == 0)
        #expect(try await run(["assign", customer.code, "--unassign"], data).status == 0)
        let history = try store.assignmentHistory(customerCode: customer.code)
        #expect(history.map(\.collector) == ["alice", "bruno", "chloe"] && history.allSatisfy { $0.toMillis != nil })
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.toMillis! <= $1.fromMillis })
    }

    @Test("conflicts: list, show, accept refused work with --by; a collector cannot decide; a second decision is refused")
    func conflicts() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-conflicts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        for (kind, file) in [("users", "users.csv"), ("customers", "customers.csv"), ("portfolio", "portfolio.csv"), ("items", "items.csv")] {
            #expect(try await run(["import", kind, Self.fixtures.appendingPathComponent(file).path, "--mode", "stock"], data).status == 0)
        }
        let store = try CentralStore(path: data + "/central.sqlite")
        _ = try await store.updateSettings { $0.reassignmentGraceDays = 0 }
        let customer = try #require(try store.customers().first { $0.collector == "bruno" })
        let item = try #require(try store.itemStates().first { $0.item.customerID == customer.id && !$0.item.isCleared }).item
        let q = Qualification(id: UUIDv7.make(), customerID: customer.id, itemIDs: [item.id], statusCode: "contacted", comment: "Called",
                              statusDate: .today(), author: "alice", replicaID: UUIDv7.make(), hlc: HLCClock().now())
        let answer = try await store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: User(login: "alice", role: .collector))
        #expect(answer.results.first?.code == .outOfScope)
        let id = try #require(try store.conflicts().first).id
        let short = String(id.uuidString.suffix(8)).lowercased()

        let list = try await run(["conflicts", "--open"], data, environment: ["COLUMNS": "80"])
        #expect(list.status == 0 && list.stdout.contains(short) && list.stdout.contains("refused") && list.stdout.contains("1 conflict(s), 1 open"))
        #expect(list.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(list.stdout)")
        #expect(try await run(["conflicts", "--collector", "bruno"], data).stdout.contains("No conflicts."))
        let show = try await run(["conflicts", "show", short], data)
        #expect(show.status == 0 && show.stdout.contains("work the server refused (out_of_scope)") && show.stdout.contains("by alice on") == false
                && show.stdout.contains("by alice,") && show.stdout.contains("may accept it"), "\(show.stdout)")
        #expect(show.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(show.stdout)")

        let nobody = try await run(["conflicts", "accept", short], data, environment: ["DSO_LOGIN": ""])
        #expect(nobody.status == 64 && nobody.stderr.contains("say who decides: --by LOGIN"), "\(nobody.stderr)")
        let collector = try await run(["conflicts", "accept", short, "--by", "bruno"], data)
        #expect(collector.status == 1 && collector.stderr.contains("'bruno' is a collector"), "\(collector.stderr)")
        let accepted = try await run(["conflicts", "accept", short, "--by", "claire", "--comment", "Agreed with bruno"], data)
        #expect(accepted.status == 0 && accepted.stdout.contains("accepted by claire"), "\(accepted.stdout) \(accepted.stderr)")
        #expect(try store.qualifications().contains { $0.id == q.id && $0.author == "alice" })
        let twice = try await run(["conflicts", "dismiss", short], data, environment: ["DSO_LOGIN": "claire"])
        #expect(twice.status == 1 && twice.stderr.contains("already resolved (accept by claire)"), "\(twice.stderr)")
        let json = try await run(["conflicts", "--json"], data)
        #expect(json.status == 0 && json.stdout.contains("\"decision\" : \"accept\"") && json.stdout.contains("\"comment\" : \"Agreed with bruno\""))
        #expect(try await run(["conflicts", "show", "zz"], data).stderr.contains("too short"))
    }
}
