import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Log lines captured in memory, one per event.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [(message: String, metadata: Logger.Metadata)] = []

    var all: [(message: String, metadata: Logger.Metadata)] { lock.withLock { events } }
    func append(_ message: String, _ metadata: Logger.Metadata) { lock.withLock { events.append((message, metadata)) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.append(event.message.description, metadata.merging(event.metadata ?? [:]) { _, new in new })
        }
    }

    func logger() -> Logger { Logger(label: "test") { _ in Handler(log: self) } }
}

@Suite("Operations: probes, metrics, request log, backup")
struct OperationsTests {
    let alice = User(login: "alice", role: .collector)

    func withRouter(_ fx: StoreFixture, log: CapturedLog = CapturedLog(),
                    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = SyncServer.router(store: fx.store, limits: Limits(), metrics: ServerMetrics.shared)
        try await Application(router: router, logger: log.logger()).test(.router, body)
    }

    func push(_ fx: StoreFixture, count: Int) async throws -> PushResponse {
        let customers = try fx.store.customers().filter { $0.collector == "alice" }.map(\.id)
        let item = try #require(try fx.store.itemStates().first { customers.contains($0.item.customerID) }).item
        let clock = HLCClock()
        let replica = UUIDv7.make()
        let changes = (0..<count).map { _ in
            Change(Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted", comment: "c",
                                 statusDate: StoreFixture.asOf, author: "alice", replicaID: replica, hlc: clock.now()))
        }
        return try await fx.store.push(PushRequest(replicaID: replica, changes: changes), by: alice)
    }

    @Test("/healthz and /readyz answer without a token; /readyz is 503 store_unavailable when a newer release upgraded the store")
    func probes() async throws {
        let fx = try await StoreFixture(importItems: false)
        defer { fx.remove() }
        try await withRouter(fx) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "{\"status\":\"ok\"}")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "{\"status\":\"ready\"}")
            }
            try await client.execute(uri: "/readyz", method: .post) { response in #expect(response.status == .methodNotAllowed) }
        }
        // Another process ran a newer dso-server against the store.
        let other = try DatabaseQueue(path: fx.directory.appendingPathComponent("data/central.sqlite").path)
        try await other.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')") }
        try other.close()
        try await withRouter(fx) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                let problem = try WireJSON.decoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.code == .storeUnavailable && problem.detail?.contains("newer dso-server") == true)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    @Test("/metrics is for admins and counts requests by route and status, changes by outcome and code, pull pages and the store's size")
    func metrics() async throws {
        let fx = try await StoreFixture()
        defer { fx.remove() }
        let adminToken = try fx.store.issueToken(login: "admin")
        let aliceToken = try fx.store.issueToken(login: "alice")
        let accepted = try await push(fx, count: 3).results.filter { $0.outcome == .accepted }.count
        #expect(accepted == 3)
        // A rejected change: a central-owned kind.
        let item = try #require(try fx.store.itemStates().first).item
        _ = try await fx.store.push(PushRequest(replicaID: UUIDv7.make(), changes: [Change(id: UUIDv7.make(), hlc: HLCClock().now(), body: .item(item))]),
                                    by: alice)
        try await withRouter(fx) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in #expect(response.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(aliceToken)"]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/changes?limit=5", method: .get,
                                     headers: [.authorization: "Bearer \(aliceToken)", HTTPField.Name(ProtocolVersion.header)!: "1"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(adminToken)"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                let lines = text.split(separator: "\n").map(String.init)
                func value(_ prefix: String) -> Double? {
                    lines.first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last!) }
                }
                #expect(value("hb_requests{http_route=\"/v1/changes\",http_request_method=\"GET\",http_response_status_code=\"200\"}") ?? 0 >= 1)
                #expect(value("hb_requests{http_route=\"/metrics\",http_request_method=\"GET\",http_response_status_code=\"403\"}") ?? 0 >= 1)
                #expect(text.contains("http_server_request_duration_bucket{http_route=\"/v1/changes\""))
                #expect(value("dso_changes_total{outcome=\"accepted\",code=\"\"}") ?? 0 >= 3)
                #expect(value("dso_changes_total{outcome=\"rejected\",code=\"central_owned\"}") ?? 0 >= 1)
                #expect(value("dso_pull_pages_total{kind=\"snapshot\"}") ?? 0 >= 1)
                #expect(value("dso_import_rows_total{kind=\"items\",outcome=\"applied\"}") ?? 0 >= 1)
                #expect(value("dso_store_bytes") ?? 0 > 100_000)
                #expect(!text.contains(adminToken) && !text.contains(aliceToken))
            }
        }
    }

    @Test("one log line per request: its id (also in X-Request-ID), method, path, status, time and caller; never a token or a query")
    func requestLog() async throws {
        let fx = try await StoreFixture(importItems: false)
        defer { fx.remove() }
        let token = try fx.store.issueToken(login: "alice")
        let log = CapturedLog()
        let ids = IDs()
        try await withRouter(fx, log: log) { client in
            try await client.execute(uri: "/v1/hello", method: .get, headers: [.authorization: "Bearer \(token)", HTTPField.Name(ProtocolVersion.header)!: "1"]) { response in
                #expect(response.status == .ok)
                ids.append(response.headers[RequestLogMiddleware.requestIDHeader])
            }
            try await client.execute(uri: "/v1/changes?after=SECRETCURSOR", method: .get, headers: [.authorization: "Bearer \(token)", HTTPField.Name(ProtocolVersion.header)!: "1"]) { response in
                #expect(response.status == .badRequest)
                ids.append(response.headers[RequestLogMiddleware.requestIDHeader])
            }
            try await client.execute(uri: "/v1/hello", method: .get, headers: [.authorization: "Bearer wrong-\(token)", HTTPField.Name(ProtocolVersion.header)!: "1"]) { response in
                #expect(response.status == .unauthorized)
                ids.append(response.headers[RequestLogMiddleware.requestIDHeader])
            }
        }
        let lines = log.all.filter { $0.message == "request" }
        #expect(lines.count == 3)
        let fields = lines.map { line in line.metadata.mapValues { "\($0)" } }
        #expect(fields.map { $0["hb.request.id"] } == ids.all)
        #expect(fields.map { $0["status"] } == ["200", "400", "401"])
        #expect(fields.map { $0["user"] } == ["alice", "alice", "-"])
        #expect(fields.map { $0["path"] } == ["/v1/hello", "/v1/changes", "/v1/hello"])
        #expect(fields.allSatisfy { Double($0["ms"] ?? "") != nil && $0["method"] == "GET" })
        let everything = log.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!everything.contains(token) && !everything.contains("SECRETCURSOR"))
    }

    @Test("JSON log lines: one object per line with time, level, logger, message and the metadata as strings")
    func jsonLines() throws {
        let handler = JSONLogHandler(label: "dso-server")
        let event = LogEvent(level: .warning, message: "request", metadata: ["status": .stringConvertible(503), "user": "alice", "path": "/v1/changes"],
                             source: "DSOServer", file: #fileID, function: #function, line: #line)
        let data = handler.line(for: event)
        #expect(data.last == 0x0A && data.dropLast().firstIndex(of: 0x0A) == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object["level"] == "warning" && object["logger"] == "dso-server" && object["message"] == "request")
        #expect(object["status"] == "503" && object["user"] == "alice" && object["path"] == "/v1/changes")
        #expect(object["time"].flatMap { try? Date($0, strategy: .iso8601) } != nil || object["time"]?.hasSuffix("Z") == true)
    }
}

/// Request ids seen by the test client, in order.
final class IDs: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String?] = []
    var all: [String?] { lock.withLock { values } }
    func append(_ value: String?) { lock.withLock { values.append(value) } }
}
