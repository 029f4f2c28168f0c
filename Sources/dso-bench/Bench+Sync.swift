import Foundation

extension Bench {
    /// `dso init` of the manager and of a collector over HTTPS loopback (median of `runs`, each
    /// into a new replica), beside the sqlite3 import of the same items. Returns the collector's
    /// seconds per synced change, for the linearity check across sizes.
    func initialSyncs(_ server: DemoServer, baseline: ImportBaseline) throws -> ([Measurement], Double) {
        var rows: [Measurement] = []
        var collectorPerRow = 0.0
        for (login, role) in [("claire", "manager"), ("alice", "collector")] {
            guard let token = server.tokens[login] else { throw BenchError("the demo printed no token for \(login)") }
            var times: [Double] = [], peaks: [Int] = [], pageTimes: [Double] = []
            var changes = 0
            for run in 0..<runs {
                // Version 1 pages, the download an older server offers, beside the file in the same run.
                let byPages = path("init-\(login)-pages-\(run).sqlite")
                try? FileManager.default.removeItem(atPath: byPages)
                pageTimes.append(try Child.succeed(tools.dso, ["init", "--server", server.url, "--token", token, "--ca", server.ca,
                                                               "--replica", byPages, "--json", "--pages"]).seconds)
                try? FileManager.default.removeItem(atPath: byPages)
                let replica = run == runs - 1 ? server.replica(login) : path("init-\(login)-\(run).sqlite")
                try? FileManager.default.removeItem(atPath: replica)
                let result = try Child.succeed(tools.dso, ["init", "--server", server.url, "--token", token, "--ca", server.ca,
                                                           "--replica", replica, "--json"], sampleMemory: true)
                times.append(result.seconds)
                peaks.append(result.peakBytes)
                changes = try pulledChanges(replica)
                if run < runs - 1 { try? FileManager.default.removeItem(atPath: replica) }
            }
            let seconds = median(times), peak = Double(peaks.max() ?? 0) / 1_048_576, pages = median(pageTimes)
            if role == "collector" { collectorPerRow = seconds / Double(max(1, changes)) }
            let target = role == "manager" ? "< 3 s, peak < 100 MB" : "< 1 s"
            let met = role == "manager" ? seconds < 3 && peak < 100 : seconds < 1
            rows.append(Measurement(name: "\(label) initial sync, \(role) (\(changes) changes)", value: seconds, unit: "s",
                                    baseline: "sqlite3 .import of the items \(baseline.seconds.fixed(2)) s", baselineValue: baseline.seconds,
                                    target: target, met: met,
                                    detail: "\(Int(Double(changes) / seconds)) changes/s, peak \(peak.fixed(0)) MiB; "
                                        + "v1 pages \(pages.fixed(2)) s (\((pages / seconds).fixed(1))× longer)"))
        }
        return (rows, collectorPerRow)
    }

    /// Rows a replica holds, counted by sqlite3: the changes its first sync applied.
    func pulledChanges(_ replica: String) throws -> Int {
        let tables = ["statuses", "customers", "contacts", "items", "qualifications", "action_events", "payments", "users", "contact_edits"]
        let sql = tables.map { "(SELECT count(*) FROM \($0))" }.joined(separator: " + ")
        return Int(try Child.succeed(tools.sqlite3, [replica, "SELECT \(sql)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The commands a collector types, on the manager's whole replica (first screen), median of
    /// `runs` × 3, beside `sqlite3 … 'SELECT count(*) FROM items'` (process start-up and one query).
    func localCommands(_ server: DemoServer) throws -> [Measurement] {
        let replica = server.replica("claire")
        let count = (0..<runs * 3).map { _ in (try? Child.succeed(tools.sqlite3, [replica, "SELECT count(*) FROM items"]).seconds) ?? .nan }
        let base = median(count)
        let number = try Child.succeed(tools.sqlite3, [replica, "SELECT number FROM items WHERE cleared = 0 ORDER BY due_date LIMIT 1"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let code = try Child.succeed(tools.sqlite3, [replica, "SELECT code FROM customers ORDER BY code LIMIT 1"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let commands: [(String, [String], Double)] = [
            ("items --overdue", ["items", "--overdue"], 0.060), ("agenda", ["agenda"], 0.060), ("alerts", ["alerts"], 0.060),
            ("customers", ["customers"], 0.060), ("customer \(code)", ["customer", code], 0.060), ("history \(number)", ["history", number], 0.060),
            ("qualify", ["qualify", number, "--status", "contacted", "--comment", "benchmark call"], 0.040),
        ]
        var rows: [Measurement] = []
        for (name, arguments, target) in commands {
            let times = try (0..<runs * 3).map { _ in try Child.succeed(tools.dso, arguments + ["--replica", replica, "--wide"]).seconds }
            let p50 = median(times)
            rows.append(Measurement(name: "\(label) dso \(name), manager replica", value: p50 * 1000, unit: "ms",
                                    baseline: "sqlite3 count(*) \((base * 1000).fixed(1)) ms", baselineValue: base * 1000,
                                    target: "< \(Int(target * 1000)) ms p50", met: p50 < target))
        }
        return rows
    }
}
