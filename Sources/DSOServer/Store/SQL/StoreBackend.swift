import Foundation
import GRDB

/// The engine under a ``CentralStore``, and the one way the store's code reaches it: a read or a
/// write transaction handed an ``SQLSession``, the same on both engines.
enum StoreBackend: Sendable {
    /// Embedded SQLite (WAL): one writer, readers in parallel.
    case sqlite(DatabasePool)
    /// PostgreSQL: write transactions serialised by the write lock across every server, reads in
    /// `REPEATABLE READ` snapshots (``PostgresEngine``).
    case postgres(PostgresEngine)

    var engine: StoreEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Runs `body` in a read transaction (a snapshot: it sees one commit's state throughout).
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch self {
        case .sqlite(let pool): try await pool.read { db in try body(db) }
        case .postgres(let engine): try await engine.read { session in try body(session) }
        }
    }

    /// Runs `body` in a write transaction, committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch self {
        case .sqlite(let pool): try await pool.write { db in try body(db) }
        case .postgres(let engine): try await engine.write { session in try body(session) }
        }
    }

    /// ``read(_:)`` blocking the calling thread (command-line tools, tests).
    func readNow<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        switch self {
        case .sqlite(let pool): try pool.read { db in try body(db) }
        case .postgres(let engine): try engine.transaction(write: false) { session in try body(session) }
        }
    }

    /// ``write(_:)`` blocking the calling thread (command-line tools, tests).
    func writeNow<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        switch self {
        case .sqlite(let pool): try pool.write { db in try body(db) }
        case .postgres(let engine): try engine.transaction(write: true) { session in try body(session) }
        }
    }
}

/// An operation of the embedded SQLite store's file (its online backup), asked of a PostgreSQL
/// store, which PostgreSQL's own tools back up.
struct SQLiteOnly: Error, CustomStringConvertible {
    var description: String {
        "this operation is for the embedded SQLite store; back up a PostgreSQL store with pg_dump, restore it with pg_restore"
    }
}
