import DSOModel
import Foundation

/// One portfolio size: its fixtures, store, server and replicas, under `root`.
struct Bench {
    var tools: Tools
    var root: URL
    var customers: Int
    var runs: Int
    var pushChanges: Int
    let asOf = BusinessDate(year: 2026, month: 11, day: 22)!

    var fixtures: URL { root.appendingPathComponent("fixtures") }
    var label: String { "N=\(customers)" }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Every benchmark at this size, and the collector's seconds per synced row.
    func all() async throws -> ([Measurement], Double) {
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try Child.succeed(tools.server, ["fixtures", "--customers", "\(customers)", "--out", fixtures.path, "--as-of", asOf.description])
        var rows: [Measurement] = []
        let baseline = try sqliteImport()
        rows.append(try importItems(baseline: baseline))
        let server = try DemoServer.start(self)
        let synced: ([Measurement], Double)
        do {
            synced = try initialSyncs(server, baseline: baseline)
            rows += synced.0
            rows += try localCommands(server)
            server.stop()
        } catch {
            server.stop()
            throw error
        }
        rows += try await pushIngest(store: server.storePath)
        rows.append(try libraryQualify(replica: server.replica("claire")))
        return (rows, synced.1)
    }
}
