import DSOModel
import DSOServer
import Foundation

/// One portfolio size: its fixtures, store, server and replicas, under `root`.
struct Bench {
    var tools: Tools
    var root: URL
    var customers: Int
    var runs: Int
    var pushChanges: Int
    var parts: Set<Part>
    /// Field devices of the fleet benchmarks (each its own collector), and their fan-in waves.
    var replicas = 1000
    var fanInWaves = 3
    /// A PostgreSQL server for the `postgres` part (a role that may create databases).
    var postgres: PostgresLocation?
    let asOf = BusinessDate(year: 2026, month: 11, day: 22)!

    var fixtures: URL { root.appendingPathComponent("fixtures") }
    var label: String { "N=\(customers)" }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Every benchmark at this size, and the collector's seconds per synced row.
    func all() async throws -> ([Measurement], Double) {
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // No paid-invoice history: the figures stay comparable with the earlier runs of BENCHMARKS.md.
        _ = try Child.succeed(tools.server, ["fixtures", "--customers", "\(customers)", "--out", fixtures.path, "--as-of", asOf.description,
                                             "--history-months", "0"])
        var rows: [Measurement] = []
        let baseline = try sqliteImport()
        if parts.contains(.import) { rows.append(try importItems(baseline: baseline)) }
        let server = try DemoServer.start(self)
        var collectorPerRow = 0.0
        do {
            // The manager's replica is made by the syncs; local commands and Replica.qualify run on it.
            if !parts.isDisjoint(with: [.sync, .local, .qualify]) {
                let synced = try initialSyncs(server, baseline: baseline)
                if parts.contains(.sync) { rows += synced.0 }
                collectorPerRow = synced.1
            }
            if parts.contains(.local) { rows += try localCommands(server) }
            server.stop()
        } catch {
            server.stop()
            throw error
        }
        if parts.contains(.fleet) { rows += try await fleet(store: server.storePath) }
        if parts.contains(.push) { rows += try await pushIngest(store: server.storePath) }
        if parts.contains(.postgres) { rows += try await postgresColumns() }
        if parts.contains(.qualify) { rows.append(try libraryQualify(replica: server.replica("claire"))) }
        if !parts.isDisjoint(with: [.reports, .console]) {
            let reportsServer = try reports(measure: parts.contains(.reports))
            rows += reportsServer.rows
            if parts.contains(.console) { rows += try await console(reportsServer.server) }
        }
        return (rows, collectorPerRow)
    }
}

/// The benchmarks `--only` can select.
enum Part: String, CaseIterable, Hashable {
    case `import`, sync, local, push, qualify, fleet, reports, console, postgres
}
