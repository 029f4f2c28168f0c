import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Logging
import PostgresTestSupport
import ServiceLifecycle

/// A real sync server over real HTTPS on 127.0.0.1 (ephemeral port), with a central store in a
/// temporary directory (or a database of its own in the test run's PostgreSQL cluster), sample
/// data imported, and tokens for every sample user.
final class TestCluster: @unchecked Sendable {
    static let asOf = BusinessDate("2026-11-22")!

    let directory: URL
    let store: CentralStore
    /// The PostgreSQL database of the store (`nil` on SQLite).
    let location: PostgresLocation?
    let authority: LocalCertificateAuthority
    let port: Int
    let tokens: [String: String]
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private var transports: [HTTPTransport] = []
    private var replicas: [Replica] = []
    private let lock = NSLock()

    var url: URL { URL(string: "https://127.0.0.1:\(port)")! }
    var caFile: String { authority.caCertificate.path }

    /// Starts a cluster, runs `body`, and always stops it and removes its files.
    /// `store`: serve a copy of this store file (made by an earlier release, say) instead of
    /// importing sample data; no token is issued then.
    static func with<T>(customers: Int = 12, limits: Limits = Limits(), connections: ConnectionLimits = ConnectionLimits(),
                        store seed: URL? = nil, engine: TestEngine = .sqlite, _ body: (TestCluster) async throws -> T) async throws -> T {
        let cluster = try await TestCluster(customers: customers, limits: limits, connections: connections, seed: seed, engine: engine)
        do {
            let result = try await body(cluster)
            // Whatever the scenario did, every replica's derived state must equal the state
            // recomputed from its facts.
            for replica in cluster.lock.withLock({ cluster.replicas }) {
                let check = try replica.check()
                guard check.isConsistent else { throw TestFailure("replica \(replica.id) is inconsistent: \(check.problems)") }
            }
            // And the store's, against its payloads and the model's rules.
            let central = try cluster.store.check()
            guard central.isConsistent else { throw TestFailure("the central store is inconsistent: \(central.problems)") }
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    private init(customers: Int, limits: Limits, connections: ConnectionLimits, seed: URL?, engine: TestEngine) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-test-\(UUID().uuidString)")
        location = engine == .postgres ? try await TestPostgres.shared.get().createDatabase() : nil
        if let seed {
            guard location == nil else { throw TestFailure("a seed store file is SQLite only") }
            let data = directory.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: seed, to: data.appendingPathComponent("central.sqlite"))
            store = try CentralStore(dataDirectory: data)
            tokens = [:]
        } else {
            store = try location.map { try CentralStore(postgres: $0, poolSize: 6) }
                ?? CentralStore(dataDirectory: directory.appendingPathComponent("data"))
            tokens = try await store.loadSample(customers: customers, seed: 42, into: directory.appendingPathComponent("fixtures"))
        }
        authority = LocalCertificateAuthority(dataDirectory: directory.appendingPathComponent("data"))
        try authority.ensure()
        var logger = Logger(label: "dso-test-server")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try SyncServer.application(
            store: store,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, certificateChain: authority.serverCertificate.path,
                                               privateKey: authority.serverKey.path, limits: limits,
                                               connections: connections),
            logger: logger) { port in continuation.yield(port) }
        group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let group = self.group
        task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("server did not start") }
        self.port = port
    }

    /// How `dso-server` commands name this cluster's store: `--store URL` on PostgreSQL, else
    /// `--data DIR`.
    var storeArguments: [String] {
        if let location { return ["--store", "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"] }
        return ["--data", directory.appendingPathComponent("data").path]
    }

    /// Another handle on the same store: another process beside the server (SQLite), another
    /// server of the store (PostgreSQL).
    func otherStore() throws -> CentralStore {
        if let location { return try CentralStore(postgres: location, poolSize: 2) }
        return try CentralStore(dataDirectory: directory.appendingPathComponent("data"))
    }

    /// Stops the server, keeping the store (the cluster's files go with ``stop()``).
    func stopServer() async {
        let all = lock.withLock { transports }
        for transport in all { try? await transport.shutdown() }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    func stop() async {
        let all = lock.withLock { transports }
        for transport in all { try? await transport.shutdown() }
        await group.triggerGracefulShutdown()
        _ = await task.result
        try? FileManager.default.removeItem(at: directory)
    }

    /// A real HTTPS transport trusting the cluster's CA; shut down with the cluster.
    func transport() throws -> HTTPTransport {
        let transport = try HTTPTransport(server: url, trustedCAFile: caFile)
        lock.withLock { transports.append(transport) }
        return transport
    }

    func client(_ login: String, transport: (any SyncTransport)? = nil) throws -> SyncClient {
        SyncClient(transport: try transport ?? self.transport(), token: tokens[login]!)
    }

    /// A new replica file for `login`, attached and synced (its first pull done).
    func syncedReplica(_ login: String, name: String? = nil) async throws -> Replica {
        let replica = try await self.replica(login, name: name)
        try await replica.sync(client: try client(login), retry: quickRetry)
        return replica
    }

    /// A new replica file for `login`, attached (not yet synced).
    func replica(_ login: String, name: String? = nil) async throws -> Replica {
        let replica = try Replica(path: directory.appendingPathComponent("replicas/\(name ?? login).sqlite").path)
        lock.withLock { replicas.append(replica) }
        try await replica.attach(server: url, token: tokens[login]!, caFile: caFile, client: try client(login))
        return replica
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Retries fast in tests.
let quickRetry = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50))

extension SyncClient {
    /// Pulls from the start until nothing more is available; returns the last cursor.
    func caughtUp() async throws -> String {
        var cursor: String?
        repeat {
            let page = try await pull(after: cursor, limit: 1000)
            cursor = page.next
            if !page.more { break }
        } while true
        return cursor!
    }
}
