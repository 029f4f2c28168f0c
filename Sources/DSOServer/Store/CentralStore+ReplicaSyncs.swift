import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// Notes a push of `replica`, in the push's transaction.
    ///
    /// ```sql
    /// INSERT INTO replica_syncs(login, replica_id, last_push_at) VALUES (?, ?, ?)
    /// ON CONFLICT(login, replica_id) DO UPDATE SET last_push_at = excluded.last_push_at
    /// ```
    static func recordPush(replica: UUID, login: String, stamp: String, in db: some SQLSession) throws {
        try db.send("""
            INSERT INTO replica_syncs(login, replica_id, last_push_at) VALUES (?, ?, ?)
            ON CONFLICT(login, replica_id) DO UPDATE SET last_push_at = excluded.last_push_at
            """, login, replica.uuidString, stamp)
    }

    /// Notes that `replica` caught up (a pull that answered its last page), at most once a
    /// minute per replica (``PullRecorder``). A failure to write is not the pull's failure.
    ///
    /// ```sql
    /// INSERT INTO replica_syncs(login, replica_id, last_pull_at) VALUES (?, ?, ?)
    /// ON CONFLICT(login, replica_id) DO UPDATE SET last_pull_at = excluded.last_pull_at
    /// ```
    public func recordPull(replica: UUID, login: String, now: Date = Date()) async {
        guard pullRecorder.shouldRecord(login: login, replica: replica) else { return }
        let stamp = WireJSON.formatTimestamp(now)
        _ = try? await backend.write { db in
            try db.execute("""
                INSERT INTO replica_syncs(login, replica_id, last_pull_at) VALUES (?, ?, ?)
                ON CONFLICT(login, replica_id) DO UPDATE SET last_pull_at = excluded.last_pull_at
                """, login, replica.uuidString, stamp)
        }
    }

    /// Every replica's last push and last caught-up pull.
    ///
    /// ```sql
    /// SELECT login, replica_id, last_push_at, last_pull_at FROM replica_syncs
    /// ```
    static func replicaSyncs(in db: some SQLSession) throws -> [ActivityReport.ReplicaSync] {
        try db.rows("SELECT login, replica_id, last_push_at, last_pull_at FROM replica_syncs").compactMap { row in
            guard let login = row.get(0, as: String.self), let id = row.get(1, as: String.self).flatMap(UUID.init(uuidString:)) else { return nil }
            return ActivityReport.ReplicaSync(login: login, replicaID: id, lastPush: row.get(2, as: String.self).flatMap(WireJSON.parseTimestamp),
                                              lastPull: row.get(3, as: String.self).flatMap(WireJSON.parseTimestamp))
        }
    }
}
