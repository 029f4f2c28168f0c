import DSOModel
import DSOServer
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// `dso-server serve` on a copy of the demo store where each of `replicas + 1` collectors
/// (`rep0000`, `rep0001`, …) owns a slice of the portfolio, with a token for each and for the
/// manager: the server the fleet benchmarks load.
struct FleetServer {
    var pid: pid_t
    var url: String
    var ca: String
    /// Token per login (every `rep…` collector and `claire`).
    var tokens: [String: String]
    var logins: [String]

    static func start(_ bench: Bench, store source: String, replicas: Int) async throws -> FleetServer {
        let directory = bench.path("fleet"), log = bench.path("fleet.log")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try DatabaseQueue(path: source).backup(to: DatabaseQueue(path: directory + "/central.sqlite"))
        let logins = (0...replicas).map { String(format: "rep%04d", $0) }
        let tokens = try await assign(logins, in: try CentralStore(dataDirectory: URL(fileURLWithPath: directory)), bench: bench)
        let port = try DemoServer.freePort()
        let pid = try Child.start(bench.tools.server, ["serve", "--data", directory, "--port", "\(port)", "--max-connections", "8192",
                                                        "--log-level", "warning"], log: log)
        let text = try Child.awaitLog(pid, log: log, marker: "Stop with Ctrl-C", seconds: 60, what: "dso-server serve")
        let ca = text.split(separator: "\n").first { $0.contains("Clients must trust this CA:") }
            .map { String($0.split(separator: " ").last ?? "") } ?? ""
        return FleetServer(pid: pid, url: "https://127.0.0.1:\(port)", ca: ca, tokens: tokens, logins: logins)
    }

    /// Adds the fleet's collectors, deals the customers out among them and issues the tokens
    /// (and the manager's).
    static func assign(_ logins: [String], in store: CentralStore, bench: Bench) async throws -> [String: String] {
        let users = "login,name,role\n" + logins.map { "\($0),Field rep \($0),collector" }.joined(separator: "\n") + "\n"
        let codes = try store.customers().map(\.code).sorted()
        guard codes.count >= logins.count else { throw BenchError("\(codes.count) customers for \(logins.count) replicas: use more customers") }
        let portfolio = "customer,collector\n" + codes.enumerated().map { "\($1),\(logins[$0 % logins.count])" }.joined(separator: "\n") + "\n"
        for (kind, name, text) in [(ImportKind.users, "fleet-users.csv", users), (.portfolio, "fleet-portfolio.csv", portfolio)] {
            let file = URL(fileURLWithPath: bench.path(name))
            try text.write(to: file, atomically: true, encoding: .utf8)
            let report = try await store.importFile(kind, from: file, mode: .delta, asOf: bench.asOf)
            guard report.applied else { throw BenchError("fleet \(name) import failed: \(report.rejected.prefix(3))") }
        }
        var tokens: [String: String] = [:]
        for login in logins + ["claire"] { tokens[login] = try store.issueToken(login: login) }
        return tokens
    }

    func stop() { Child.stop(pid) }

    /// The server's resident memory now (`VmRSS`), in bytes.
    func residentBytes() -> Int { FleetServer.residentBytes(pid) }

    /// A process's resident memory now (`VmRSS`), in bytes.
    static func residentBytes(_ pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
