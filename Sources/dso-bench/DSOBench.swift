import ArgumentParser
import DSOModel
import DSOServer
import Foundation

@main
struct DSOBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso-bench",
        abstract: "Measure DSO Sync at a given size, each figure beside its baseline from the same run.",
        discussion: """
            Build in release first: swift build -c release. dso-bench runs the dso and dso-server \
            executables found beside it, as a user does, plus sqlite3 for the baselines (apt-get install sqlite3).

            For each --customers N: writes fixtures, imports items (vs sqlite3 .import of the same \
            file), serves them over HTTPS loopback, times the initial sync of the manager and of a \
            collector, the local commands on the manager's replica (vs a sqlite3 count), then, in \
            process, push ingest with 1 and 4 pushers (vs raw SQLite inserts in change-set-sized \
            transactions with the same synchronous mode) and the library call Replica.qualify; then the \
            fleet: dso-server serve with --replicas collectors (each a slice of the portfolio) and as many \
            HTTPS clients in this process: push → visible to a parked long-poll with all the others \
            parked (vs no other long-poll), and --waves fan-in waves where every replica pushes 20 and \
            pulls to empty at once (vs the same syncs one after another), with the server's RSS; \
            then every report, by dso-server on a store with 12 months of paid invoices and by dso on \
            its manager's replica (vs a sqlite3 sum of the open items); then every page of the web \
            console, signed in as the manager, over one HTTPS connection to dso-server serve on that \
            store (vs GET /health on the same connection; the first fetch, which computes the \
            figures, in the detail).

            With --postgres URL (a PostgreSQL server; a role that may create databases), the same \
            fixtures in a new PostgreSQL database (dropped after): the items import (vs the SQLite \
            store), the initial syncs from one of 3 dso-server serve --store processes (vs a SQLite \
            server), push ingest over HTTPS by 6 pushers against 1, 2 and 3 servers (vs one SQLite \
            server), and the fan-in of the fleet spread over the 3 servers.

            Prints a Markdown table (BENCHMARKS.md keeps the latest one); --json for scripts.
            """)

    @Option(help: ArgumentHelp("Portfolio sizes, comma-separated.", valueName: "N,..."))
    var customers = "2000"

    @Option(help: "Runs of each timed command (the median is reported).")
    var runs = 5

    @Option(help: ArgumentHelp("Changes pushed in the ingest benchmark.", valueName: "N"))
    var pushChanges = 100_000

    @Option(help: ArgumentHelp("Field devices in the fleet benchmarks (push → visible, fan-in).", valueName: "N"))
    var replicas = 1000

    @Option(help: ArgumentHelp("Fan-in waves (every device syncs at once in each).", valueName: "N"))
    var waves = 3

    @Option(help: ArgumentHelp("PostgreSQL server for the postgres benchmarks: postgres://USER@HOST:PORT/postgres, a role that may create databases (the password from PGPASSWORD). Without it they are skipped.",
                               valueName: "URL"))
    var postgres: String?

    @Option(help: ArgumentHelp("Work folder, kept after the run (default: a temporary folder, removed).", valueName: "DIR"))
    var work: String?

    @Option(help: ArgumentHelp("Run only these benchmarks: \(Part.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "NAME,..."))
    var only: String?

    @Flag(help: "Print JSON instead of a Markdown table.")
    var json = false

    func run() async throws {
        let sizes = customers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--customers takes sizes like 2000,20000") }
        var parts = Set(Part.allCases)
        if let only {
            parts = []
            for name in only.split(separator: ",") {
                guard let part = Part(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--only takes \(Part.allCases.map(\.rawValue).joined(separator: ", ")); got '\(name)'")
                }
                parts.insert(part)
            }
        }
        let tools = try Tools.locate()
        let root = URL(fileURLWithPath: work ?? FileManager.default.temporaryDirectory.appendingPathComponent("dso-bench-\(UUID().uuidString)").path)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(at: root) } }
        var rows: [Measurement] = []
        var perRow: [Int: Double] = [:]
        for size in sizes {
            var bench = Bench(tools: tools, root: root.appendingPathComponent("n\(size)"), customers: size, runs: max(1, runs),
                              pushChanges: pushChanges, parts: parts, replicas: max(1, replicas), fanInWaves: max(1, waves))
            bench.postgres = try postgres.map { try PostgresLocation(url: $0) }
            if bench.postgres == nil { bench.parts.remove(.postgres) }
            let (measured, collectorPerRow) = try await bench.all()
            rows += measured
            perRow[size] = collectorPerRow
        }
        if parts.contains(.sync), let small = sizes.min(), let large = sizes.max(), small != large, let a = perRow[small], let b = perRow[large] {
            rows.append(Measurement(name: "collector sync, per-row cost N=\(large) vs N=\(small)", value: b / a, unit: "×",
                                    baseline: nil, baselineValue: nil, target: "≤ 1.3×", met: b / a <= 1.3))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        } else {
            print(Report.markdown(rows))
        }
    }
}

/// The executables a benchmark runs.
struct Tools {
    var dso: String
    var server: String
    var sqlite3: String

    static func locate() throws -> Tools {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let dso = me.appendingPathComponent("dso").path, server = me.appendingPathComponent("dso-server").path
        for path in [dso, server] where !FileManager.default.isExecutableFile(atPath: path) {
            throw BenchError("\(path) is missing: run swift build -c release first")
        }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        guard let sqlite3 = paths.map({ $0 + "/sqlite3" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchError("sqlite3 is needed for the baselines: apt-get install sqlite3")
        }
        return Tools(dso: dso, server: server, sqlite3: sqlite3)
    }
}
