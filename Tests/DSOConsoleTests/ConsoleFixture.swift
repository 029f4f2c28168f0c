import DSOConsole
import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresTestSupport
import HummingbirdTesting
import NIOCore
import Testing

/// A store made from the generated sample (users, customers, portfolio, contacts, items), the
/// console on the server's router, and tokens for a manager (claire), a collector (alice) and a
/// resolver (billing).
struct ConsoleFixture {
    static let asOf = BusinessDate("2026-11-22")!
    let directory: URL
    let store: CentralStore
    let tokens: [String: String]

    /// `engine`: the store's engine (a database of its own in the test run's cluster on PostgreSQL).
    init(customers: Int = 8, engine: TestEngine = .sqlite) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-console-\(UUID().uuidString)")
        let fixtures = directory.appendingPathComponent("fixtures")
        _ = try FixtureGenerator(customers: customers, seed: 9, asOf: ConsoleFixture.asOf).write(to: fixtures)
        switch engine {
        case .sqlite: store = try CentralStore(dataDirectory: directory.appendingPathComponent("data"))
        case .postgres: store = try CentralStore(postgres: try await TestPostgres.shared.get().createDatabase(), poolSize: 4)
        }
        for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                             (.contacts, "contacts.csv"), (.items, "items.csv")] {
            let report = try await store.importFile(kind, from: fixtures.appendingPathComponent(file), mode: .stock, asOf: ConsoleFixture.asOf)
            #expect(report.applied, "\(file): \(report.rejected)")
        }
        var tokens: [String: String] = [:]
        for login in ["claire", "alice", "billing", "admin"] { tokens[login] = try store.issueToken(login: login) }
        self.tokens = tokens
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `body` against the server's router (sync API and console) in process.
    func run(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let console = Console(store: store, asOf: .fixed(ConsoleFixture.asOf))
        let router = SyncServer.router(store: store, limits: Limits(), additionalRoutes: console.register(on:))
        var logger = Logger(label: "dso-console-test")
        logger.logLevel = .warning
        let app = Application(router: router, logger: logger)
        try await app.test(.router) { client in
            try await body(Browser(client: client, tokens: tokens))
        }
    }
}

/// A person's browser in the tests: keeps the console's cookies, follows what a person clicks.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    let tokens: [String: String]
    var cookies: [String: String] = [:]

    init(client: any TestClientProtocol, tokens: [String: String]) {
        self.client = client
        self.tokens = tokens
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        /// The value of the first hidden `csrf` field.
        var csrf: String? { Page.field("csrf", in: body) }

        static func field(_ name: String, in html: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = html[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await request(uri, method: .get, headers: headers)
    }

    func post(_ uri: String, form: [String: String], headers: HTTPFields = [:]) async throws -> Page {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await request(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func request(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty, headers[.cookie] == nil {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || field.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Signs in with `login`'s token the way a person does: opens the form, pastes, sends.
    @discardableResult
    func signIn(_ login: String) async throws -> Page {
        let form = try await get("/console/sign-in")
        let csrf = try #require(form.csrf)
        return try await post("/console/sign-in", form: ["csrf": csrf, "next": "/console", "token": tokens[login]!])
    }
}
