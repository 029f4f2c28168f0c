import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

extension Bench {
    /// Every page of the web console as a browser asks for it: `dso-server serve` on the
    /// reports' store (12 months of history), signed in as the manager, each page fetched
    /// `runs` × 3 times over one HTTPS connection (median), beside `GET /health` on the same
    /// connection. The first fetch of a whole-book page computes its figures; later ones are
    /// served from the console's figure cache until the store changes: the first fetch is in
    /// the detail column.
    func console(_ reports: DemoServer) async throws -> [Measurement] {
        let port = try DemoServer.freePort(), log = path("console-serve.log")
        let pid = try Child.start(tools.server, ["serve", "--data", reports.directory, "--port", "\(port)", "--log-level", "warning"], log: log)
        defer { Child.stop(pid) }
        _ = try Child.awaitLog(pid, log: log, marker: "Stop with Ctrl-C", seconds: 120, what: "dso-server serve")
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(reports.ca)
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.redirectConfiguration = .disallow  // the sign-in answer's cookie is what we want
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let rows = try await pages(client: client, base: "https://127.0.0.1:\(port)", token: reports.tokens["claire"])
            try await client.shutdown()
            return rows
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func pages(client: HTTPClient, base: String, token: String?) async throws -> [Measurement] {

        func get(_ path: String, cookie: String?) async throws -> (seconds: Double, response: HTTPClientResponse, body: String) {
            var request = HTTPClientRequest(url: base + path)
            if let cookie { request.headers.add(name: "Cookie", value: cookie) }
            let start = Date()
            let response = try await client.execute(request, timeout: .seconds(120))
            let body = String(buffer: try await response.body.collect(upTo: 64 << 20))
            return (Date().timeIntervalSince(start), response, body)
        }
        guard let token else { throw BenchError("the demo printed no token for claire") }
        // Sign in as a person does: the form's token and cookie, then the bearer token.
        let form = try await get("/console/sign-in", cookie: nil)
        guard let signIn = form.response.headers["set-cookie"].first?.split(separator: ";").first,
              let csrf = form.body.range(of: "name=\"csrf\" value=\"").map({ form.body[$0.upperBound...].prefix { $0 != "\"" } }) else {
            throw BenchError("console sign-in form without its token")
        }
        var post = HTTPClientRequest(url: base + "/console/sign-in")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        post.headers.add(name: "Cookie", value: String(signIn))
        post.body = .bytes(ByteBuffer(string: "csrf=\(csrf)&next=%2Fconsole&token=\(token)"))
        let signedIn = try await client.execute(post, timeout: .seconds(30))
        guard let session = signedIn.headers["set-cookie"].first(where: { $0.hasPrefix("dso_session=") })?.split(separator: ";").first else {
            throw BenchError("console sign-in refused (\(signedIn.status))")
        }
        let cookie = String(session)

        let health = try await (0..<runs * 3).asyncMap { _ in try await get("/health", cookie: nil).seconds }
        let baseline = median(health) * 1000
        let code = "C0001"
        let pages: [(String, String)] = [
            ("overview", "/console"), ("collectors", "/console/collectors"), ("customers", "/console/customers"),
            ("customer search", "/console/customers?q=C001&overdue=1000"), ("customer \(code)", "/console/customers/\(code)"),
            ("reports list", "/console/reports"), ("report aging", "/console/reports/aging"), ("report dso", "/console/reports/dso"),
            ("report forecast", "/console/reports/forecast"), ("report aging CSV", "/console/reports/aging?format=csv"),
            ("conflicts", "/console/conflicts"), ("imports", "/console/imports"), ("users", "/console/users"), ("settings", "/console/settings"),
        ]
        var rows: [Measurement] = []
        for (name, path) in pages {
            let first = try await get(path, cookie: cookie)
            guard first.response.status == .ok else { throw BenchError("console \(path): \(first.response.status)") }
            let times = try await (0..<runs * 3).asyncMap { _ in try await get(path, cookie: cookie).seconds }
            let p50 = median(times)
            rows.append(Measurement(name: "\(label) console \(name)", value: p50 * 1000, unit: "ms",
                                    baseline: "GET /health \(baseline.fixed(1)) ms", baselineValue: baseline,
                                    target: "< 100 ms", met: p50 < 0.1,
                                    detail: "first fetch \((first.seconds * 1000).fixed(0)) ms, \(first.body.utf8.count / 1024) KiB"))
        }
        return rows
    }
}

extension Range where Bound == Int {
    /// `map` with an async body, one after another.
    func asyncMap<T>(_ body: (Int) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for i in self { out.append(try await body(i)) }
        return out
    }
}
