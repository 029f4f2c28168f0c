import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport

/// Several `dso-server serve` processes on one PostgreSQL store of sample data (a database of
/// its own in `cluster`), with one CA for all of them, and replicas that reach them through a
/// ``FailoverTransport``.
final class ServerFleet: @unchecked Sendable {
    let directory: URL
    /// The data directory every server shares for its TLS files.
    let data: URL
    let location: PostgresLocation
    let storeURL: String
    /// A handle on the store, as an admin command has (imports, tokens, checks).
    let store: CentralStore
    let tokens: [String: String]
    private(set) var servers: [ServerProcess] = []
    private var transports: [FailoverTransport] = []
    private var direct: [HTTPTransport] = []
    private let lock = NSLock()

    var ca: String { data.appendingPathComponent("tls/ca.pem").path }

    /// Starts a fleet, runs `body`, and always stops it and removes its files.
    static func with<T>(servers count: Int, cluster: TestPostgres, customers: Int = 8,
                        _ body: (ServerFleet) async throws -> T) async throws -> T {
        let fleet = try await ServerFleet(servers: count, cluster: cluster, customers: customers)
        do {
            let result = try await body(fleet)
            await fleet.stop()
            return result
        } catch {
            await fleet.stop()
            throw error
        }
    }

    private init(servers count: Int, cluster: TestPostgres, customers: Int) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-fleet-\(UUID().uuidString.prefix(8))")
        data = directory.appendingPathComponent("data")
        location = try await cluster.createDatabase()
        storeURL = cluster.location(location.database)
        store = try CentralStore(postgres: location, poolSize: 2)
        tokens = try await store.loadSample(customers: customers, seed: 17, into: directory.appendingPathComponent("fixtures"))
        try LocalCertificateAuthority(dataDirectory: data).ensure()
        for _ in 0..<count { servers.append(try ServerProcess(dataDirectory: data, store: storeURL)) }
    }

    func url(_ index: Int) -> URL { URL(string: "https://127.0.0.1:\(servers[index].port)")! }

    /// Every server's URL, starting with server `first`.
    func urls(startingAt first: Int = 0) -> [URL] {
        (0..<servers.count).map { url((first + $0) % servers.count) }
    }

    /// A client of `login` reaching the servers in the order of ``urls(startingAt:)``.
    func client(_ login: String, startingAt first: Int = 0) throws -> (SyncClient, FailoverTransport) {
        let transport = try FailoverTransport(servers: urls(startingAt: first), trustedCAFile: ca, timeout: .seconds(40),
                                              connectTimeout: .seconds(2))
        lock.withLock { transports.append(transport) }
        return (SyncClient(transport: transport, token: tokens[login]!), transport)
    }

    /// A client of `login` reaching server `index` only.
    func directClient(_ login: String, server index: Int) throws -> SyncClient {
        let transport = try HTTPTransport(server: url(index), trustedCAFile: ca)
        lock.withLock { direct.append(transport) }
        return SyncClient(transport: transport, token: tokens[login]!)
    }

    /// A replica of `login`, attached to every server (first: server `first`) and synced.
    func replica(_ login: String, name: String? = nil, startingAt first: Int = 0) async throws -> (Replica, SyncClient) {
        let (replica, client, _) = try await replicaWithTransport(login, name: name, startingAt: first)
        return (replica, client)
    }

    /// ``replica(_:name:startingAt:)`` with its transport (which server it uses now).
    func replicaWithTransport(_ login: String, name: String? = nil, startingAt first: Int = 0) async throws -> (Replica, SyncClient, FailoverTransport) {
        let (client, transport) = try self.client(login, startingAt: first)
        let replica = try Replica(path: directory.appendingPathComponent("replicas/\(name ?? login).sqlite").path)
        try await replica.attach(servers: urls(startingAt: first), token: tokens[login]!, caFile: ca, client: client)
        try await replica.sync(client: client, retry: quickRetry)
        return (replica, client, transport)
    }

    func stop() async {
        for transport in lock.withLock({ transports }) { try? await transport.shutdown() }
        for transport in lock.withLock({ direct }) { try? await transport.shutdown() }
        for server in servers { server.stop() }
        try? FileManager.default.removeItem(at: directory)
    }
}
