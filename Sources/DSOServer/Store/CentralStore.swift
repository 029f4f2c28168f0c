import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// The central store: every customer, item, status and fact, plus the change log that replicas
/// pull. Embedded SQLite (WAL) under the server's data directory.
///
/// Every write appends to `changes`, whose `seq` is the authority for order of application.
/// SQLite serialises writers, so sequence numbers become visible in increasing order.
public final class CentralStore: Sendable {
    let pool: DatabasePool
    /// The store's file.
    let path: String
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
        pool = try DatabasePool(path: path, configuration: configuration)
        try CentralStore.migrator.migrate(pool)
        groupCommit = GroupCommit(pool: pool)
        (serverID, cursorKey) = try pool.write { db in
            var id = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'server_id'").flatMap(UUID.init(uuidString:))
            if id == nil {
                id = UUIDv7.make()
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('server_id', ?)", arguments: [id!.uuidString])
            }
            var key = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'cursor_key'").flatMap { Data(base64Encoded: $0) }
            if key == nil {
                key = CursorKey.random()
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('cursor_key', ?)", arguments: [key!.base64EncodedString()])
            }
            return (id!, CursorKey(rawValue: key!))
        }
    }

    /// Opens the store of a data directory (`DIR/central.sqlite`), creating the directory with
    /// mode 0700 (an existing one is tightened to 0700).
    public convenience init(dataDirectory: URL) throws {
        try PrivateFiles.directory(dataDirectory)
        try self.init(path: dataDirectory.appendingPathComponent("central.sqlite").path)
    }

    /// Highest sequence number written so far.
    public func headSequence() throws -> Int64 {
        try pool.read(CentralStore.head)
    }

    /// Highest sequence number written so far, in `db` (the rowid: one page read).
    ///
    /// ```sql
    /// SELECT COALESCE(MAX(seq), 0) FROM changes
    /// ```
    static func head(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM changes")) ?? 0
    }
}

let wireEncoder = WireJSON.encoder()
let wireDecoder = WireJSON.decoder()
