import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The PostgreSQL side of the central store: a bounded set of connections, each used by one
/// worker thread at a time for one transaction.
///
/// **Write transactions are serialised** across every server process of the store: each takes
/// the transaction-level advisory lock ``writeLock`` first, so that a change's sequence number is
/// drawn only after every earlier write has committed (commit order = sequence order, and a pull
/// never skips a change). Reads run in `REPEATABLE READ` snapshots and never wait for writers.
///
/// A connection that fails is dropped and the transaction answers ``StoreUnavailable``; the next
/// transaction connects again.
final class PostgresEngine: @unchecked Sendable {
    /// The advisory lock every write transaction holds until it commits.
    static let writeLock: Int64 = 0x44534F_53594E43 // "DSOSYNC"

    let location: PostgresLocation
    let poolSize: Int
    let placeholders = PlaceholderCache()
    let configuration: PostgresConnection.Configuration
    let workers: NIOThreadPool
    private let group: any EventLoopGroup
    let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 0

    init(location: PostgresLocation, poolSize: Int = 8, logger: Logger = Logger(label: "dso-store-postgres")) throws {
        self.location = location
        self.poolSize = poolSize
        self.logger = logger
        var tls = PostgresConnection.Configuration.TLS.disable
        if location.requireTLS {
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup.singleton
        workers = NIOThreadPool(numberOfThreads: poolSize)
        workers.start()
    }

    deinit {
        for connection in idle { PostgresEngine.discard(connection) }
        workers.shutdownGracefully { _ in }
    }

    /// Runs `body` in a write transaction (after the write lock) on a worker thread.
    /// (`lock: false` is for tests only: it shows what the write lock prevents.)
    func write<T: Sendable>(lock: Bool = true, _ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await workers.runIfActive { try self.transaction(write: true, lock: lock, body) }
    }

    /// Runs `body` in a read-only `REPEATABLE READ` transaction on a worker thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await workers.runIfActive { try self.transaction(write: false, body) }
    }

    /// Runs statements outside any transaction (`CREATE DATABASE`, `VACUUM`).
    func autocommit(_ sql: String) async throws {
        try await workers.runIfActive {
            let connection = try self.checkout()
            do {
                try PostgresSession(connection: connection, placeholders: self.placeholders).script(sql)
                self.checkin(connection)
            } catch {
                PostgresEngine.discard(connection)
                throw error
            }
        }
    }

    /// The same, blocking the calling thread (command-line tools, migrations).
    func transaction<T>(write: Bool, lock: Bool = true, _ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try checkout()
        let session = PostgresSession(connection: connection, placeholders: placeholders)
        do {
            try session.execute(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if write && lock { try session.execute("SELECT pg_advisory_xact_lock(?)", PostgresEngine.writeLock) }
            let result = try body(session)
            try session.settleSequence()
            try session.execute("COMMIT")
            checkin(connection)
            return result
        } catch let error as StoreUnavailable {
            PostgresEngine.discard(connection)
            throw error
        } catch {
            if (try? session.execute("ROLLBACK")) != nil { checkin(connection) } else { PostgresEngine.discard(connection) }
            throw error
        }
    }

    private func checkout() throws -> PostgresConnection {
        while let connection = lock.withLock({ idle.popLast() }) {
            if !connection.isClosed { return connection }
        }
        let id = lock.withLock { nextID += 1; return nextID }
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw StoreUnavailable(description: "cannot reach PostgreSQL at \(location.host):\(location.port) (\(PostgresEngine.describe(error)))")
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        let kept = lock.withLock { () -> Bool in
            guard idle.count < poolSize else { return false }
            idle.append(connection)
            return true
        }
        if !kept { PostgresEngine.discard(connection) }
    }

    static func discard(_ connection: PostgresConnection) {
        // The connection must live until it is closed (postgres-nio asserts it).
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Lost connections and a server shutting down become ``StoreUnavailable``; a statement the
    /// server refused becomes ``SQLStatementError`` with its SQLSTATE.
    static func classify(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if error.code == .server, let state = error.serverInfo?[.sqlState] {
            // 08: connection exception; 57P01-57P03: shutdown, crash, not accepting connections yet.
            if state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state) {
                return StoreUnavailable(description: "PostgreSQL is not accepting work (\(error.serverInfo?[.message] ?? state))")
            }
            return SQLStatementError(sqlState: state, message: error.serverInfo?[.message] ?? "statement refused")
        }
        return StoreUnavailable(description: "the connection to PostgreSQL failed (\(describe(error)))")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying {
                let text = "\(underlying)"
                return text.contains("Connection refused") ? "connection refused" : text
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
