/// The engines the central store runs on.
public enum StoreEngine: String, Sendable {
    /// Embedded SQLite (GRDB), one file under the data directory: the default.
    case sqlite
    /// PostgreSQL (postgres-nio), shared by several `dso-server` processes.
    case postgres
}

/// One connection's work inside a transaction, the same on both engines: statements are written
/// once, with `?` placeholders, and differ only where the engines do (``SQLDialect``).
///
/// Calls block the calling thread until the engine answers: sessions live on threads made for
/// blocking work (GRDB's writer and reader queues, the PostgreSQL engine's worker threads), never
/// on Swift's cooperative pool.
protocol SQLSession: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows; answers how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int

    /// Runs a query and returns every row.
    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow]

    /// Runs a query and hands its rows to `body` one at a time, without holding them all: a
    /// GRDB cursor on SQLite, a server-side cursor fetched 1,000 rows at a time on PostgreSQL.
    func each(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Void) throws

    /// Runs a query and returns the first column of its first row (`nil` without a row).
    func firstValue(_ sql: String, _ arguments: [any SQLArgument]) throws -> SQLValue?

    /// Runs an `INSERT` into a table whose key `column` the engine numbers, and returns the
    /// number it gave: SQLite's last inserted rowid, PostgreSQL's `RETURNING column`.
    func insertNumbered(_ sql: String, key column: String, _ arguments: [any SQLArgument]) throws -> Int64

    /// Runs a statement whose answer the caller does not need (an insert, an upsert). SQLite runs
    /// it at once; PostgreSQL sends it without waiting, and the next statement that waits (or the
    /// commit) waits for it first and throws its error, if any: the statements of a transaction
    /// still run in order, without a round trip each.
    func send(_ sql: String, _ arguments: [any SQLArgument]) throws

    /// The next sequence number of the change log when the session numbers changes itself
    /// (PostgreSQL, under the write lock: `MAX(seq)` read once per transaction, then counted,
    /// the identity moved past at commit), `nil` when the engine numbers them (SQLite's rowid).
    func nextSequence() throws -> Int64?

    /// Runs `body` in a savepoint: released when it returns, rolled back (and the error
    /// rethrown) when it throws; the enclosing transaction goes on either way.
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

extension SQLSession {
    @discardableResult
    func execute(_ sql: String, _ arguments: any SQLArgument...) throws -> Int {
        try execute(sql, arguments)
    }

    func send(_ sql: String, _ arguments: any SQLArgument...) throws {
        try send(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: any SQLArgument...) throws -> [SQLRow] {
        try rows(sql, arguments)
    }

    /// The first row, if any.
    func row(_ sql: String, _ arguments: any SQLArgument...) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of every row, as `T` (nulls left out).
    func values<T: SQLColumnValue>(_ sql: String, _ arguments: any SQLArgument..., as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).compactMap { $0.get(0, as: T.self) }
    }

    /// The first column of the first row, as `T` (`nil` without a row or for a null).
    func value<T: SQLColumnValue>(_ sql: String, _ arguments: any SQLArgument..., as type: T.Type = T.self) throws -> T? {
        try firstValue(sql, arguments).flatMap(T.init(sqlValue:))
    }
}

/// Where the engines' SQL differs.
struct SQLDialect: Sendable {
    let engine: StoreEngine

    /// A text member of a JSON document column: `json_extract(doc, '$.name')` on SQLite,
    /// `(doc::jsonb ->> 'name')` on PostgreSQL.
    func jsonText(_ column: String, _ member: String) -> String {
        switch engine {
        case .sqlite: "json_extract(\(column), '$.\(member)')"
        case .postgres: "(\(column)::jsonb ->> '\(member)')"
        }
    }

    /// A null-safe "differs": `a IS NOT b` on SQLite, `a IS DISTINCT FROM b` on PostgreSQL.
    func distinct(_ left: String, _ right: String) -> String {
        switch engine {
        case .sqlite: "\(left) IS NOT \(right)"
        case .postgres: "\(left) IS DISTINCT FROM \(right)"
        }
    }

    /// The column type of blobs: `BLOB` or `BYTEA`.
    var blobType: String { engine == .sqlite ? "BLOB" : "BYTEA" }
}
