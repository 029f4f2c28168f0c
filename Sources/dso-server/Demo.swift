import ArgumentParser
import DSOModel
import DSOServer
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a data directory from the sample files, issue tokens for two collectors and a manager, and serve.",
        discussion: """
            Imports users, customers, portfolio, contacts and open items (stock mode) from --fixtures
            into a new data directory, then prints the exact `dso init` lines to run. Run again on
            the same directory to get fresh tokens without re-importing.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var serve: ServeOptions

    @Option(help: ArgumentHelp("Folder of sample CSV files.", valueName: "DIR"))
    var fixtures = "Fixtures"

    @Option(help: ArgumentHelp("Business date the stock import clears as of (YYYY-MM-DD, default today).", valueName: "DATE"))
    var asOf: String?

    func run() async throws {
        let fresh = !FileManager.default.fileExists(atPath: data.directory.appendingPathComponent("central.sqlite").path)
        let store = try data.openStore()
        if fresh {
            let date = try asOf.map { try parseDate($0) } ?? .today()
            let source = URL(fileURLWithPath: fixtures)
            let steps: [(ImportKind, String)] = [(.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                                                 (.contacts, "contacts.csv"), (.items, "items.csv")]
            let scenarios = source.appendingPathComponent("scenarios.json")
            if FileManager.default.fileExists(atPath: scenarios.path) {
                say("Imported scenarios.json: \(try await store.importScenarios(from: scenarios)) scenario(s)")
            }
            for (kind, file) in steps {
                let report = try await store.importFile(kind, from: source.appendingPathComponent(file), mode: .stock, asOf: date)
                guard report.applied else {
                    throw Failure("importing \(file) failed: " + report.rejected.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; "))
                }
                say("Imported \(file): \(report.read) rows, \(report.created) created, \(report.updated) updated")
            }
        } else {
            say("Using the existing data in \(data.directory.path)")
        }
        var lines: [String] = []
        for login in ["alice", "bruno", "claire"] {
            let token = try store.issueToken(login: login)
            lines.append("\(login) \(token)")
        }
        let tokens = lines
        let dataPath = data.data ?? ProcessInfo.processInfo.environment["DSO_DATA"] ?? "dso-data"
        try await serve.run(store: store, dataDirectory: data.directory) { url, ca in
            say("")
            say("DSO Sync demo server listening on \(url)")
            say("Attach a replica for each user (in another terminal, from this folder: alias dso=\"swift run -q dso\"):")
            for line in tokens {
                let parts = line.split(separator: " ")
                say("  dso init --server \(url) --token \(parts[1])\(ca.map { " --ca \($0)" } ?? "") --replica \(dataPath)/replicas/\(parts[0]).sqlite")
            }
            say("alice and bruno are collectors (their own portfolios); claire is the credit manager (everything).")
            say("Stop with Ctrl-C.")
        }
    }
}

func parseDate(_ text: String) throws -> BusinessDate {
    guard let date = BusinessDate(text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
    return date
}
