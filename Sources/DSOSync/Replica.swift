import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A field replica: one SQLite file holding a collector's portfolio, their offline work and its
/// outbox. Every read and write works with no network; ``sync(client:retry:pageSize:progress:)``
/// reconciles with the server.
///
/// ```swift
/// let replica = try Replica(path: documentsURL.appendingPathComponent("dso.sqlite").path)
/// let transport = try HTTPTransport(server: serverURL, trustedCAFile: caPath)
/// let client = SyncClient(transport: transport, token: token)
/// try await replica.attach(server: serverURL, token: token, caFile: caPath, client: client)
/// try await replica.sync(client: client)
/// let overdue = try replica.items(overdueOnly: true)
/// try replica.qualify(items: [overdue[0].item.number], status: "promise_to_pay", comment: "Pays Friday")
/// let report = try await replica.sync(client: client)
/// ```
///
/// `Replica` is safe to use from several threads; writes are serialised by SQLite.
public final class Replica: Sendable {
    let pool: DatabasePool
    /// This replica's id (UUIDv7), born with the file; it tags every fact written here.
    public let id: UUID
    let clock: HLCClock

    /// Opens the replica at `path`, migrating it if needed.
    ///
    /// - Parameters:
    ///   - path: the SQLite file. A new file (and the folders leading to it) is created readable
    ///     by its owner only (0600, folders 0700), and so are its `-wal` and `-shm` files: it will
    ///     hold the bearer token and the portfolio.
    ///   - create: when `false`, a missing file is not created: the initializer throws
    ///     ``ReplicaError/noReplica(_:)`` instead (what a read-only tool wants).
    /// - Throws: ``ReplicaError/noReplica(_:)``, or an error of the file system or SQLite.
    public init(path: String, create: Bool = true) throws {
        if !create && !FileManager.default.fileExists(atPath: path) { throw ReplicaError.noReplica(path) }
        try ReplicaFile.prepare(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Field devices lose power: a committed write must be on disk before `qualify` returns.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Replica.migrator.migrate(pool)
        let (id, last) = try pool.write { db -> (UUID, HLC) in
            let id: UUID
            if let text = try Replica.meta("replica_id", in: db), let existing = UUID(text: text) {
                id = existing
            } else {
                id = UUIDv7.make()
                try Replica.setMeta("replica_id", id.text, in: db)
            }
            let last = try Replica.meta("hlc", in: db).flatMap(HLC.init) ?? HLC(millis: 0)
            return (id, last)
        }
        self.id = id
        clock = HLCClock(last: last)
    }

    static func meta(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    static func setMeta(_ key: String, _ value: String?, in db: Database) throws {
        if let value {
            try db.cachedStatement(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .execute(arguments: [key, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM meta WHERE key = ?").execute(arguments: [key])
        }
    }
}
