import Foundation

extension Bench {
    /// The reports named by the reports issue, each run as the credit team types it: `dso-server
    /// report NAME` on the whole store and `dso report NAME` on the manager's whole replica
    /// (median of `runs` × 3 processes), beside one sqlite3 sum of the open items. The store
    /// has 12 months of paid invoices (`fixtures --history-months 12`), which DSO, CEI, receipts
    /// and the trend read: its own demo server, apart from the other benchmarks' store.
    /// `measure: false` only makes the store (for the console's benchmark).
    func reports(measure: Bool = true) throws -> (rows: [Measurement], server: DemoServer) {
        let fixtures = root.appendingPathComponent("fixtures-history")
        _ = try Child.succeed(tools.server, ["fixtures", "--customers", "\(customers)", "--out", fixtures.path, "--as-of", asOf.description,
                                             "--history-months", "12"])
        let server = try DemoServer.start(self, fixtures: fixtures, name: "reports-server")
        let replica = server.replica("claire")
        do {
            guard let token = server.tokens["claire"] else { throw BenchError("the demo printed no token for claire") }
            try? FileManager.default.removeItem(atPath: replica)
            _ = try Child.succeed(tools.dso, ["init", "--server", server.url, "--token", token, "--ca", server.ca, "--replica", replica, "--json"])
            server.stop()
        } catch {
            server.stop()
            throw error
        }
        guard measure else { return ([], server) }
        let sum = try (0..<runs * 3).map { _ in
            try Child.succeed(tools.sqlite3, [server.storePath, "SELECT sum(open_minor) FROM items WHERE cleared = 0"]).seconds
        }
        let base = median(sum)
        let names = ["aging", "status", "dso", "cei", "receipts", "forecast", "disputes", "promises", "payment-profile", "activity", "trend"]
        var rows: [Measurement] = []
        for (side, tool, place) in [("server", tools.server, ["--data", server.directory]), ("manager replica", tools.dso, ["--replica", replica])] {
            for name in names {
                let times = try (0..<runs * 3).map { _ in try Child.succeed(tool, ["report", name] + place).seconds }
                let p50 = median(times)
                rows.append(Measurement(name: "\(label) report \(name), \(side)", value: p50 * 1000, unit: "ms",
                                        baseline: "sqlite3 sum of open items \((base * 1000).fixed(0)) ms", baselineValue: base * 1000,
                                        target: "< 300 ms", met: p50 < 0.3))
            }
        }
        return (rows, server)
    }
}
