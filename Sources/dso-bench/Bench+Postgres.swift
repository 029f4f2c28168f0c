import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Bench {
    /// How many servers of the PostgreSQL store the benchmarks start.
    static let postgresServers = 3
    /// Pushers of the HTTP ingest benchmark, spread over the servers.
    static let httpPushers = 6

    /// The PostgreSQL columns (issue 11), each beside the same measurement on the embedded
    /// SQLite store in the same run:
    /// - the ERP import of the items through `dso-server import --store` (vs `--data`);
    /// - initial sync of the manager and of a collector from a server of the store (vs from
    ///   `dso-server serve --data`);
    /// - push ingest over HTTPS with 1, 2 and 3 server processes (vs one SQLite server, same load);
    /// - fan-in of the fleet's replicas spread over the 3 servers (vs the same syncs one after
    ///   another, and the SQLite fleet of the `fleet` part).
    func postgresColumns() async throws -> [Measurement] {
        guard let server = postgres else { throw BenchError("the postgres benchmarks need --postgres URL") }
        var rows: [Measurement] = []
        let name = "dso_bench_\(customers)_\(UUID().uuidString.prefix(6).lowercased())"
        rows.append(try await postgresImport(server: server, name: name))
        let location = PostgresLocationBox(try await PostgresStoreSetup.createDatabase(name, on: server))
        do {
            rows += try await postgresServed(location)
            try await PostgresStoreSetup.dropDatabase(name, on: server)
        } catch {
            try? await PostgresStoreSetup.dropDatabase(name, on: server)
            throw error
        }
        return rows
    }

    /// The benchmarks of ``postgresColumns()`` that serve the store `location`.
    private func postgresServed(_ location: PostgresLocationBox) async throws -> [Measurement] {
        var rows: [Measurement] = []
        try loadFixtures(store: ["--store", location.url])

        // The same fleet of collectors and tokens in the PostgreSQL store and in a SQLite copy of it.
        let logins = (0...replicas).map { String(format: "rep%04d", $0) }
        let store = try CentralStore(postgres: location.value, poolSize: 2, migrate: false)
        let tokens = try await FleetServer.assign(logins, in: store, bench: self)
        let openItems = try store.itemStates().filter { !$0.item.isCleared }.map(\.item)
        let sqliteDirectory = path("pg-baseline")
        try? FileManager.default.removeItem(atPath: sqliteDirectory)
        try loadFixtures(store: ["--data", sqliteDirectory])
        let sqliteStore = try CentralStore(dataDirectory: URL(fileURLWithPath: sqliteDirectory))
        let sqliteTokens = try await FleetServer.assign(logins, in: sqliteStore, bench: self)
        let sqliteItems = try sqliteStore.itemStates().filter { !$0.item.isCleared }.map(\.item)

        var servers: [(pid: pid_t, url: String)] = []
        let data = path("pg-servers")
        defer { for s in servers { Child.stop(s.pid) } }
        for index in 0..<Bench.postgresServers {
            servers.append(try startServer(["--data", data, "--store", location.url, "--pool-size", "8"], log: path("pg-server-\(index).log")))
        }
        let sqlite = try startServer(["--data", sqliteDirectory], log: path("pg-baseline.log"))
        defer { Child.stop(sqlite.pid) }
        let ca = data + "/tls/ca.pem", sqliteCA = sqliteDirectory + "/tls/ca.pem"

        rows += try initialSyncs(url: servers[0].url, ca: ca, tokens: tokens, baselineURL: sqlite.url, baselineCA: sqliteCA, baselineTokens: sqliteTokens)
        let baseline = try await httpIngest(urls: [sqlite.url], ca: sqliteCA, token: sqliteTokens["claire"]!, items: sqliteItems)
        for count in 1...Bench.postgresServers {
            let rate = try await httpIngest(urls: servers.prefix(count).map(\.url), ca: ca, token: tokens["claire"]!, items: openItems)
            rows.append(Measurement(name: "\(label) PostgreSQL push ingest over HTTPS, \(count) server\(count == 1 ? "" : "s") (\(Bench.httpPushers) pushers)",
                                    value: rate, unit: "changes/s",
                                    baseline: "SQLite, 1 server \(Int(baseline)) changes/s", baselineValue: nil,
                                    target: "≥ 1/2 of SQLite's", met: rate >= baseline / 2,
                                    detail: "\((rate / baseline * 100).fixed(0)) % of SQLite"))
        }
        let fleet = try logins.dropFirst().enumerated().map { index, login in
            try VirtualReplica(login: login, token: tokens[login]!, url: servers[index % servers.count].url, ca: ca)
        }
        do {
            try await Bench.each(fleet, concurrency: 32) { try await $0.attach() }
            let pids = servers.map(\.pid)
            rows += try await fanIn(fleet, rss: { pids.map(FleetServer.residentBytes).reduce(0, +) },
                                    name: "\(label) PostgreSQL fan-in, \(fleet.count) replicas over \(servers.count) servers × \(fanInWaves) waves")
            for replica in fleet { await replica.shutdown() }
        } catch {
            for replica in fleet { await replica.shutdown() }
            throw error
        }
        return rows
    }

    /// Items imported by `dso-server import --store` into a new PostgreSQL store (median of up to
    /// 3 runs, each a new database) beside the same command with `--data` into a new SQLite store.
    private func postgresImport(server: PostgresLocation, name: String) async throws -> Measurement {
        var postgresTimes: [Double] = [], sqliteTimes: [Double] = []
        let rowsImported = try String(contentsOf: fixtures.appendingPathComponent("items.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        for run in 0..<min(runs, 3) {
            let database = "\(name)_i\(run)"
            let location = PostgresLocationBox(try await PostgresStoreSetup.createDatabase(database, on: server))
            try loadFixtures(store: ["--store", location.url], items: false)
            postgresTimes.append(try importItems(into: ["--store", location.url]))
            try await PostgresStoreSetup.dropDatabase(database, on: server)
            let directory = path("pg-import-\(run)")
            try? FileManager.default.removeItem(atPath: directory)
            try loadFixtures(store: ["--data", directory], items: false)
            sqliteTimes.append(try importItems(into: ["--data", directory]))
            try? FileManager.default.removeItem(atPath: directory)
        }
        let rate = Double(rowsImported) / median(postgresTimes), base = Double(rowsImported) / median(sqliteTimes)
        return Measurement(name: "\(label) PostgreSQL ERP import of items (\(rowsImported) rows)", value: rate, unit: "rows/s",
                           baseline: "SQLite store \(Int(base)) rows/s", baselineValue: nil, target: "≥ 1/3 of SQLite's",
                           met: rate >= base / 3, detail: "\((rate / base * 100).fixed(0)) % of SQLite")
    }

    /// The fixtures imported by `dso-server import` into the store `store` names (`--store URL`,
    /// after `dso-server migrate`, or `--data DIR`).
    private func loadFixtures(store: [String], items: Bool = true) throws {
        if store.first == "--store" { _ = try Child.succeed(tools.server, ["migrate"] + store) }
        var files = [("users", "users.csv"), ("customers", "customers.csv"), ("portfolio", "portfolio.csv"), ("contacts", "contacts.csv")]
        if items { files.append(("items", "items.csv")) }
        for (kind, file) in files {
            _ = try Child.succeed(tools.server, ["import", kind, fixtures.appendingPathComponent(file).path, "--mode", "stock",
                                                 "--as-of", asOf.description] + store)
        }
    }

    private func importItems(into store: [String]) throws -> Double {
        try Child.succeed(tools.server, ["import", "items", fixtures.appendingPathComponent("items.csv").path, "--mode", "stock",
                                         "--as-of", asOf.description] + store).seconds
    }

    /// `dso-server serve` with `arguments` on a free port; waits for its banner.
    private func startServer(_ arguments: [String], log: String) throws -> (pid: pid_t, url: String) {
        let port = try DemoServer.freePort()
        let pid = try Child.start(tools.server, ["serve", "--port", "\(port)", "--max-connections", "8192", "--log-level", "warning"] + arguments,
                                  log: log)
        _ = try Child.awaitLog(pid, log: log, marker: "Stop with Ctrl-C", seconds: 120, what: "dso-server serve")
        return (pid, "https://127.0.0.1:\(port)")
    }

    /// `dso init` of the manager and of a collector (median of `runs`) from `url`, beside the same
    /// from the baseline server.
    private func initialSyncs(url: String, ca: String, tokens: [String: String], baselineURL: String, baselineCA: String,
                              baselineTokens: [String: String]) throws -> [Measurement] {
        var rows: [Measurement] = []
        for (login, role) in [("claire", "manager"), ("rep0001", "collector")] {
            func times(_ url: String, _ ca: String, _ token: String) throws -> (Double, Int) {
                var seconds: [Double] = []
                var changes = 0
                for run in 0..<runs {
                    let replica = path("pg-init-\(login)-\(run).sqlite")
                    try? FileManager.default.removeItem(atPath: replica)
                    seconds.append(try Child.succeed(tools.dso, ["init", "--server", url, "--token", token, "--ca", ca, "--replica", replica, "--json"]).seconds)
                    changes = try pulledChanges(replica)
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: replica + suffix) }
                }
                return (median(seconds), changes)
            }
            let (seconds, changes) = try times(url, ca, tokens[login]!)
            let (base, _) = try times(baselineURL, baselineCA, baselineTokens[login]!)
            rows.append(Measurement(name: "\(label) PostgreSQL initial sync, \(role) (\(changes) changes)", value: seconds, unit: "s",
                                    baseline: "SQLite server \(base.fixed(2)) s", baselineValue: base,
                                    target: role == "manager" ? "< 3 s" : "< 1 s", met: role == "manager" ? seconds < 3 : seconds < 1,
                                    detail: "\(Int(Double(changes) / seconds)) changes/s"))
        }
        return rows
    }

    /// Changes per second accepted when ``httpPushers`` clients push change-sets of 100
    /// qualifications at once, spread over `urls` (about `pushChanges / 4` changes in all).
    private func httpIngest(urls: [String], ca: String, token: String, items: [OpenItem]) async throws -> Double {
        let sets = max(1, pushChanges / 4 / Bench.changeSet / Bench.httpPushers)
        let pushers = try (0..<Bench.httpPushers).map { try VirtualReplica(login: "claire", token: token, url: urls[$0 % urls.count], ca: ca) }
        do {
            let start = ContinuousClock.now
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for pusher in pushers {
                    group.addTask {
                        var accepted = 0
                        for _ in 0..<sets {
                            let answer = try await pusher.client.push(pusher.outbox(Bench.changeSet, on: self.asOf, of: items))
                            accepted += answer.results.filter { $0.outcome == .accepted }.count
                            if let refused = answer.results.first(where: { $0.outcome != .accepted }) {
                                throw BenchError("a pushed change was not accepted: \(refused.code?.rawValue ?? "") \(refused.detail ?? "")")
                            }
                        }
                        return accepted
                    }
                }
                return try await group.reduce(0, +)
            }
            let seconds = start.seconds(to: .now)
            for pusher in pushers { await pusher.shutdown() }
            guard accepted == sets * Bench.changeSet * Bench.httpPushers else { throw BenchError("pushed changes were not all accepted") }
            return Double(accepted) / seconds
        } catch {
            for pusher in pushers { await pusher.shutdown() }
            throw error
        }
    }
}

/// A PostgreSQL location and the URL a command names it by (no password: PGPASSWORD).
struct PostgresLocationBox {
    var value: PostgresLocation
    var url: String { value.redacted }

    init(_ value: PostgresLocation) { self.value = value }
}
