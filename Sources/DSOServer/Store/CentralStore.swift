import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// The central store: every customer, item, status and fact, plus the change log that replicas
/// pull. Embedded SQLite (WAL) under the server's data directory by default, or a PostgreSQL
/// database shared by several servers (``init(postgres:poolSize:)``).
///
/// Every write appends to `changes`, whose `seq` is the authority for order of application.
/// SQLite serialises writers; on PostgreSQL every write transaction holds the store's write lock
/// (``PostgresEngine``): either way sequence numbers become visible in increasing order.
public final class CentralStore: Sendable {
    /// The engine, reached through ``StoreBackend/read(_:)`` and ``StoreBackend/write(_:)``.
    let backend: StoreBackend
    /// The store's file (`nil` on PostgreSQL).
    let path: String?
    /// Wakes long-polling pulls when a write commits.
    public let signal = ChangeSignal()
    /// The server's identity, stable across restarts.
    public let serverID: UUID
    /// The secret that signs pull cursors (kept in the store, never sent).
    let cursorKey: CursorKey
    /// Writes concurrent pushes in shared transactions.
    let groupCommit: GroupCommit
    /// The watch for commits of other processes (``watchExternalWrites(every:)``).
    let externalWrites = ExternalWriteWatch()
    /// Which caught-up pulls to note in `replica_syncs` (``recordPull(replica:login:now:)``).
    let pullRecorder = PullRecorder()

    /// Opens (creating and migrating if needed) the store at `path`. The file and its `-wal` and
    /// `-shm` companions are readable by their owner only (0600) from their creation.
    public init(path: String) throws {
        self.path = path
        try PrivateFiles.file(path)
        CentralStore.removeStaleSnapshotFiles(beside: path)
        PrivateFiles.tighten([path + "-wal", path + "-shm"])
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try CentralStore.migrator.migrate(pool)
        backend = .sqlite(pool)
        groupCommit = GroupCommit(backend: backend)
        (serverID, cursorKey) = try backend.writeNow { try CentralStore.identity(in: $0) }
    }

    /// Opens the PostgreSQL store at `location` with at most `poolSize` connections. Every server
    /// of the store shares its identity and cursor key: a cursor or a receipt is valid on each.
    ///
    /// `migrate`: create or upgrade the schema first (servers starting together create it once);
    /// otherwise a store whose schema is not this release's is refused (``StoreNotMigrated``):
    /// `dso-server migrate --store` upgrades it, once, before the servers start.
    ///
    /// - Throws: ``StoreUnavailable`` when PostgreSQL cannot be reached.
    public init(postgres location: PostgresLocation, poolSize: Int = 8, migrate: Bool = true) throws {
        let engine = try PostgresEngine(location: location, poolSize: poolSize)
        if migrate {
            try PostgresSchema.migrate(engine)
        } else {
            let state = try engine.transaction(write: false) { session in try PostgresSchema.state(in: session) }
            if !state.unknown.isEmpty {
                throw StoreNotMigrated(description: "the store at \(location.redacted) was upgraded by a newer dso-server; upgrade this one")
            }
            if !state.missing.isEmpty {
                throw StoreNotMigrated(description: state.applied.isEmpty
                    ? "the database at \(location.redacted) holds no DSO Sync store; create it with `dso-server migrate --store URL`"
                    : "the store at \(location.redacted) needs an upgrade; run `dso-server migrate --store URL` once, then start the servers")
            }
        }
        path = nil
        backend = .postgres(engine)
        groupCommit = GroupCommit(backend: backend)
        (serverID, cursorKey) = try backend.writeNow { try CentralStore.identity(in: $0) }
    }

    /// The store's identity and cursor key, created by the first server that opens it.
    ///
    /// ```sql
    /// INSERT INTO meta(key, value) VALUES ('server_id', ?) ON CONFLICT(key) DO NOTHING
    /// SELECT value FROM meta WHERE key = 'server_id'
    /// ```
    private static func identity(in session: any SQLSession) throws -> (UUID, CursorKey) {
        try session.execute("INSERT INTO meta(key, value) VALUES ('server_id', ?) ON CONFLICT(key) DO NOTHING", UUIDv7.make().uuidString)
        try session.execute("INSERT INTO meta(key, value) VALUES ('cursor_key', ?) ON CONFLICT(key) DO NOTHING",
                            CursorKey.random().base64EncodedString())
        guard let id = try session.value("SELECT value FROM meta WHERE key = 'server_id'", as: String.self).flatMap(UUID.init(uuidString:)),
              let key = try session.value("SELECT value FROM meta WHERE key = 'cursor_key'", as: String.self).flatMap({ Data(base64Encoded: $0) })
        else { throw CorruptRow(table: "meta", key: "server_id") }
        return (id, CursorKey(rawValue: key))
    }

    /// The SQLite pool, for what only the SQLite store's file has (the online backup, GRDB's
    /// migrator): ``SQLiteOnly`` on a PostgreSQL store.
    var pool: DatabasePool {
        get throws {
            guard case .sqlite(let pool) = backend else { throw SQLiteOnly() }
            return pool
        }
    }

    /// The engine the store runs on.
    public var engine: StoreEngine { backend.engine }

    /// Opens the store of a data directory (`DIR/central.sqlite`), creating the directory with
    /// mode 0700 (an existing one is tightened to 0700).
    public convenience init(dataDirectory: URL) throws {
        try PrivateFiles.directory(dataDirectory)
        try self.init(path: dataDirectory.appendingPathComponent("central.sqlite").path)
    }

    /// Highest sequence number written so far.
    public func headSequence() throws -> Int64 {
        try backend.readNow { try CentralStore.head(in: $0) }
    }

    /// Highest sequence number written so far, in `db` (the rowid: one page read).
    ///
    /// ```sql
    /// SELECT COALESCE(MAX(seq), 0) FROM changes
    /// ```
    static func head(in session: some SQLSession) throws -> Int64 {
        try session.value("SELECT COALESCE(MAX(seq), 0) FROM changes") ?? 0
    }

}

let wireEncoder = WireJSON.encoder()
let wireDecoder = WireJSON.decoder()
