import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

/// The terminal client as a new user meets it: what the first week of use found.
@Suite("dso, tried as a new user would", .serialized)
struct CLIFieldTests {
    /// Attaches a replica for `login` with `dso init`; returns its environment.
    func attached(_ cluster: TestCluster, _ login: String) async throws -> [String: String] {
        let path = cluster.directory.appendingPathComponent("cli/\(login).sqlite").path
        let env = ["DSO_REPLICA": path]
        let result = try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens[login]!,
                                                   "--ca", cluster.caFile], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        return env
    }

    func dso(_ arguments: [String], _ env: [String: String]) async throws -> CommandRunner.Result {
        try await CommandRunner.run("dso", arguments, environment: env)
    }

    /// A refusal: the exit code, one line on stderr holding `message`, nothing on stdout.
    func refused(_ arguments: [String], _ env: [String: String], exit: Int32, _ message: String,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await dso(arguments, env)
        #expect(result.status == exit, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(arguments): \(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
    }

    @Test("only init creates a replica: reads on a missing one say so and create nothing")
    func missingReplica() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dso-missing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let typo = root.appendingPathComponent("replicas/alcie.sqlite").path
        for command in [["customers"], ["items", "--overdue"], ["agenda"], ["status"], ["sync"], ["statuses"]] {
            try await refused(command, ["DSO_REPLICA": typo], exit: 1, "no replica at \(typo) — run `dso init")
        }
        try await refused(["customers", "--replica", root.appendingPathComponent("nonexistent/x.sqlite").path], [:], exit: 1, "no replica at")
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test("tables fit 80 columns, --wide prints them in full; help is wrapped once")
    func widths() async throws {
        try await TestCluster.with(customers: 24) { cluster in
            let env = try await attached(cluster, "claire")
            let items = try WireJSON.decoder().decode([ItemView].self, from: Data(try await dso(["items", "--json"], env).stdout.utf8))
            let code = try #require(items.first).customerCode
            let number = try #require(items.first).item.number
            #expect(try await dso(["qualify", number, "--status", "quality_dispute", "--comment", "The doors delivered on site were scratched on both sides",
                             "--resolver", "tech.support"], env).status == 0)
            var sawTruncation = false
            for command in [["customers"], ["items"], ["items", "--overdue"], ["statuses"], ["users"], ["agenda", "--days", "60"], ["alerts"],
                            ["contacts", code], ["history", number], ["customer", code]] {
                let result = try await dso(command, env)
                #expect(result.status == 0, "\(command): \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    #expect(line.count <= 80, "\(command): \(line.count) columns: \(line)")
                }
                sawTruncation = sawTruncation || result.stdout.contains("…")
                let wide = try await dso(command + ["--wide"], env)
                #expect(!wide.stdout.contains("…"), "\(command) --wide")
            }
            #expect(sawTruncation)
            // Help: every line fits, and no prose line was broken where the next word would have fit.
            for command in [[], ["qualify"], ["promise"], ["agenda"], ["init"], ["sync"], ["dispute", "open"], ["act"], ["done"]] {
                let help = try await dso(command + ["--help"], [:]).stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for (index, line) in help.enumerated() where !line.hasPrefix("USAGE:") {
                    #expect(line.count <= 80, "dso \(command) --help: \(line)")
                    guard index + 1 < help.count else { continue }
                    let next = help[index + 1]
                    let indent = line.prefix { $0 == " " }.count
                    guard !line.isEmpty, !next.isEmpty, indent == 0, next.prefix(while: { $0 == " " }).count == 0,
                          !line.hasSuffix(":"), !next.hasPrefix("USAGE") else { continue }
                    let word = next.split(separator: " ").first.map(String.init) ?? ""
                    #expect(line.count + 1 + word.count >= 80, "dso \(command) --help breaks early: '\(line)' / '\(next)'")
                }
            }
            #expect(try await dso(["promise", "--help"], [:]).stdout.contains("dso promise INV-2026-000026 --date 2026-11-27 --amount 3000.50"))
        }
    }

    @Test("numbers, amounts and dates: one locale-independent rule, the real reason when refused")
    func values() async throws {
        try await TestCluster.with { cluster in
            let env = try await attached(cluster, "alice")
            let items = try WireJSON.decoder().decode([ItemView].self, from: Data(try await dso(["items", "--json"], env).stdout.utf8))
            let invoice = try #require(items.first { $0.item.kind == .invoice && $0.item.openAmount.currency.minorDigits == 2 && $0.item.openAmount.minor > 400_000 })
            let number = invoice.item.number
            try await refused(["agenda", "--days", "9223372036854775807"], env, exit: 64, "--days must be 0-366")
            try await refused(["agenda", "--days", "-1"], env, exit: 64, "--days must be 0-366")
            for (amount, reason) in [("3,000", "use a dot for decimals and no thousands separator"), ("3000,50", "use a dot for decimals"),
                                     ("3,50", "use a dot for decimals"), ("3000.505", "has 2 decimals, not 3"), ("-5", "an amount is positive"),
                                     ("abc", "write digits"), ("0", "more than zero")] {
                try await refused(["promise", number, "--date", "+7d", "--amount", amount], env, exit: 64, reason)
                try await refused(["promise", number, "--date", "+7d", "--amount", amount], env, exit: 64, "see `dso promise --help`")
            }
            try await refused(["promise", number, "--date", "someday"], env, exit: 64, "use YYYY-MM-DD, today, tomorrow, yesterday or +3d")
            try await refused(["promise", number, "--date", "someday"], env, exit: 64, "dso promise: ")
            let tooMuch = Money(minor: invoice.item.openAmount.minor + 1, currency: invoice.item.openAmount.currency).decimalString
            try await refused(["promise", number, "--date", "+7d", "--amount", tooMuch], env, exit: 1, "is more than the \(invoice.item.openAmount) open")
            // A valid amount and a relative date.
            let ok = try await dso(["promise", number.lowercased(), "--date", "+7d", "--amount", "3000.50", "--json"], env)
            #expect(ok.status == 0, "\(ok.stderr)")
            let q = try WireJSON.decoder().decode(Qualification.self, from: Data(ok.stdout.utf8))
            #expect(q.promisedAmount?.minor == 300_050 && q.promisedDate == BusinessDate.today().adding(days: 7) && q.statusDate == .today())
        }
    }

    @Test("typos get suggestions; codes and item numbers in any case; unknown status lists close matches")
    func typos() async throws {
        try await TestCluster.with { cluster in
            let env = try await attached(cluster, "alice")
            try await refused(["custmers"], env, exit: 64, "unknown command 'custmers' — did you mean 'customers'")
            try await refused(["contact", "ad", "C0001"], env, exit: 64, "did you mean 'add'")
            try await refused(["dispute", "opne"], env, exit: 64, "did you mean 'open'")
            let items = try WireJSON.decoder().decode([ItemView].self, from: Data(try await dso(["items", "--json"], env).stdout.utf8))
            let item = try #require(items.first)
            let byCode = try await dso(["items", "--customer", item.customerCode.lowercased(), "--json"], env)
            #expect(byCode.status == 0 && byCode.stdout.contains(item.item.number), "\(byCode.stderr)")
            #expect(try await dso(["history", item.item.number.lowercased()], env).status == 0)
            try await refused(["qualify", item.item.number, "--status", "promise", "--comment", "x"], env, exit: 1, "did you mean promise_to_pay")
            try await refused(["dispute", "open", item.item.number, "--status", "price_dispute", "--resolver", "sales", "--comment", "x"], env,
                        exit: 1, "unknown resolver 'sales'")
            for binary in ["dso", "dso-server"] {
                let version = try await CommandRunner.run(binary, ["--version"])
                #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Release.version)
            }
        }
    }

    @Test("a collector's day: ids or item numbers, last sync shown, rejected work exits 1, JSON carries codes, managers filter by collector")
    func collectorsDay() async throws {
        try await TestCluster.with { cluster in
            let env = try await attached(cluster, "alice")
            let manager = try await attached(cluster, "claire")
            #expect(try await dso(["status"], env).stdout.contains("Last sync: just now"))
            let items = try WireJSON.decoder().decode([ItemView].self, from: Data(try await dso(["items", "--json"], env).stdout.utf8))
            let item = try #require(items.first { $0.item.kind == .invoice })
            // A planned action named by its item's number.
            #expect(try await dso(["plan", item.customerCode, "--channel", "visit", "--date", "tomorrow", "--items", item.item.number], env).status == 0)
            let done = try await dso(["done", item.item.number, "--outcome", "reached"], env)
            #expect(done.status == 0 && done.stdout.hasPrefix("Done: action"), "\(done.stderr)")
            // A dispute closed by its item's number.
            let disputed = try #require(items.first { $0.item.id != item.item.id && $0.customerCode == item.customerCode })
            #expect(try await dso(["dispute", "open", disputed.item.number, "--status", "price_dispute", "--resolver", "sales.north", "--comment", "price"], env).status == 0)
            let closed = try await dso(["dispute", "close", disputed.item.number], env)
            #expect(closed.status == 0 && closed.stdout.contains("closed after 0 day(s)"), "\(closed.stderr)")
            // JSON of agenda and alerts names the customer by code.
            let agenda = try JSONSerialization.jsonObject(with: Data(try await dso(["agenda", "--days", "30", "--json"], env).stdout.utf8)) as? [[String: Any]]
            #expect(agenda?.isEmpty == false && agenda?.allSatisfy { ($0["customerCode"] as? String)?.hasPrefix("C") == true } == true)
            let alerts = try JSONSerialization.jsonObject(with: Data(try await dso(["alerts", "--json"], env).stdout.utf8)) as? [[String: Any]]
            #expect(alerts?.allSatisfy { ($0["customerCode"] as? String)?.hasPrefix("C") == true } == true)
            #expect(try await dso(["sync"], env).status == 0)
            // A manager narrows her reads to one collector.
            #expect(try await dso(["sync"], manager).status == 0)
            let mine = Set(items.map(\.customerCode))
            for command in [["customers"], ["items"], ["agenda", "--days", "30"], ["alerts"]] {
                let result = try await dso(command + ["--collector", "alice", "--json"], manager)
                #expect(result.status == 0, "\(command): \(result.stderr)")
                let codes = Set(result.stdout.matches(of: /"(customerCode|code)" : "(C\d{4})"/).map { String($0.output.2) })
                #expect(!codes.isEmpty && codes.isSubset(of: mine), "\(command): \(codes) not within \(mine)")
            }
            try await refused(["customers", "--collector", "alcie"], manager, exit: 64, "did you mean alice")
            // Work the server returns: sync says so and exits 1, as its help says. (Work done after
            // the customer moved away, past the reassignment grace: here none.)
            _ = try await cluster.store.updateSettings { $0.reassignmentGraceDays = 0 }
            let move = cluster.directory.appendingPathComponent("move.csv")
            try "customer,collector\n\(item.customerCode),bruno\n".write(to: move, atomically: true, encoding: .utf8)
            #expect(try await cluster.store.importFile(.portfolio, from: move).applied)
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await dso(["qualify", item.item.number, "--status", "contacted", "--comment", "after the move"], env).status == 0)
            let sync = try await dso(["sync"], env)
            #expect(sync.status == 1 && sync.stdout.contains("rejected (see `dso status`)"), "\(sync.stdout) \(sync.stderr)")
            let status = try await dso(["status"], env).stdout
            #expect(status.contains("Rejected by the server") && status.contains("Conflicts: 2 open"), "\(status)")
            let inbox = try await dso(["conflicts"], env)
            #expect(inbox.status == 0 && inbox.stdout.contains("out_of_scope") && inbox.stdout.contains("2 conflict(s), 2 open"), "\(inbox.stdout)")
        }
    }

    @Test("an interrupted first download reads as incomplete until dso sync finishes it")
    func interruptedInit() async throws {
        try await TestCluster.with { cluster in
            let path = cluster.directory.appendingPathComponent("cli/partial.sqlite").path
            let replica = try Replica(path: path)
            try await replica.attach(server: cluster.url, token: cluster.tokens["alice"]!, caFile: cluster.caFile, client: try cluster.client("alice"))
            // The second page of a version 1 download never arrives, and this sync does not
            // retry: like Ctrl-C mid-download.
            let cut = FaultyTransport(wrapping: try cluster.transport()) { request, index in request.method == "GET" && index == 2 }
            await #expect(throws: (any Error).self) {
                try await replica.sync(client: try cluster.client("alice", transport: cut), retry: RetryPolicy(maxAttempts: 1), pageSize: 20,
                                       snapshotFile: false)
            }
            #expect(try !replica.isDownloadComplete() && replica.status().customers > 0)
            let env = ["DSO_REPLICA": path]
            try await refused(["customers"], env, exit: 1, "the first download of your portfolio did not finish; run `dso sync`")
            #expect(try await dso(["status"], env).stdout.contains("first download incomplete"))
            let sync = try await dso(["sync"], env)
            #expect(sync.status == 0, "\(sync.stderr)")
            #expect(try await dso(["customers"], env).status == 0)
            #expect(try replica.isDownloadComplete())
        }
    }
}
