import ArgumentParser
import DSOModel
import DSOServer
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a data directory from the sample files, issue tokens for two collectors and a manager, and serve.",
        discussion: """
            Imports users, scenarios, customers, portfolio, contacts, open items (stock mode) and, when present, history.csv (invoices already paid) and rates.csv (exchange rates) from --fixtures (default: Fixtures/ of the repository) into a new data directory, then prints the exact `dso init` lines to run.

            The directory is built aside and moved into place only once every import succeeded: a failed run leaves nothing behind. Run again on the same directory to get fresh tokens without re-importing. The port is checked before any token is issued.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var serve: ServeOptions

    @Option(help: ArgumentHelp("Folder of sample CSV files (default: Fixtures).", valueName: "DIR"))
    var fixtures = "Fixtures"

    @Option(help: ArgumentHelp("Business date the stock import clears as of (YYYY-MM-DD, default today).", valueName: "DATE"))
    var asOf: String?

    static let files: [(ImportKind, String)] = [(.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                                                (.contacts, "contacts.csv"), (.items, "items.csv")]

    func run() async throws {
        try await reporting {
            try PortCheck.ensureFree(host: serve.host, port: serve.port)
            if data.storeExists {
                say("Using the existing data in \(data.directory.path)")
            } else {
                try await build()
            }
            let store = try data.openExistingStore()
            try ServeLock.acquire(data.directory)
            var lines: [(String, String)] = []
            for login in ["alice", "bruno", "claire"] {
                lines.append((login, try store.issueToken(login: login)))
            }
            let tokens = lines
            let dataPath = data.data ?? ProcessInfo.processInfo.environment["DSO_DATA"] ?? "dso-data"
            try await serve.run(store: store, dataDirectory: data.directory) { url, ca in
                say("")
                say("DSO Sync demo server listening on \(url)")
                say("Attach a replica for each user (in another terminal, from this folder: alias dso=\"swift run -q dso\"):")
                for (login, token) in tokens {
                    say("  dso init --server \(url) --token \(token)\(ca.map { " --ca \($0)" } ?? "") --replica \(dataPath)/replicas/\(login).sqlite")
                }
                say("alice and bruno are collectors (their own portfolios); claire is the credit manager (everything).")
                say("The credit team's console: \(url)/console (sign in with claire's token; trust the CA above or accept it in the browser).")
                say("Stop with Ctrl-C.")
            }
        }
    }

    /// Imports the sample files into a folder beside the data directory, then renames it into
    /// place: the data directory exists only once it is complete.
    func build() async throws {
        let source = URL(fileURLWithPath: fixtures)
        let missing = Demo.files.map(\.1).filter { !FileManager.default.fileExists(atPath: source.appendingPathComponent($0).path) }
        guard missing.isEmpty else {
            throw Failure("no sample files in \(source.path) (missing \(missing.joined(separator: ", "))): run from the repository, or pass --fixtures DIR",
                          exitCode: 64)
        }
        let target = data.directory
        if FileManager.default.fileExists(atPath: target.path) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
            guard contents.isEmpty else {
                throw Failure("\(target.path) exists but holds no store: remove it or pass another --data")
            }
            try FileManager.default.removeItem(at: target)
        }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).building-\(UUID().uuidString)")
        do {
            try await importAll(from: source, into: staging)
            // The store is closed here (its files checkpointed) before the folder moves.
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    private func importAll(from source: URL, into staging: URL) async throws {
        let date = try asOf.map { try parseDate($0) } ?? .today()
        let store = try CentralStore(dataDirectory: staging)
        let scenarios = source.appendingPathComponent("scenarios.json")
        if FileManager.default.fileExists(atPath: scenarios.path) {
            say("Imported scenarios.json: \(try await store.importScenarios(from: scenarios)) scenario(s)")
        }
        for (kind, file) in Demo.files {
            let report = try await store.importFile(kind, from: source.appendingPathComponent(file), mode: .stock, asOf: date)
            guard report.applied else {
                throw Failure("importing \(file) failed: " + report.rejected.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                              + "; nothing was created")
            }
            say("Imported \(file): \(report.read) rows, \(report.created) created, \(report.updated) updated")
        }
        // Invoices already paid, when the sample has them (`dso-server fixtures --history-months`).
        let history = source.appendingPathComponent("history.csv")
        if FileManager.default.fileExists(atPath: history.path) {
            let report = try await store.importFile(.history, from: history, mode: .delta, asOf: date)
            guard report.applied else {
                throw Failure("importing history.csv failed: " + report.rejected.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                              + "; nothing was created")
            }
            say("Imported history.csv: \(report.read) paid invoices")
        }
        // Exchange rates, when the sample has them (the reports' --in).
        let rates = source.appendingPathComponent("rates.csv")
        if FileManager.default.fileExists(atPath: rates.path) {
            let report = try await store.importFile(.rates, from: rates, asOf: date)
            guard report.applied else {
                throw Failure("importing rates.csv failed: " + report.rejected.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                              + "; nothing was created")
            }
            say("Imported rates.csv: \(report.read) exchange rates")
        }
    }
}

func parseDate(_ text: String) throws -> BusinessDate {
    guard let date = BusinessDate(text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
    return date
}
