import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The first download through protocol version 2: the scope arrives as one SQLite file
    /// (``DSOProtocol/SnapshotFile``), which is checked, then copied into the replica by SQLite
    /// itself, one `INSERT … SELECT` per table, in one transaction with the cursor that follows it.
    ///
    /// - Returns: the version 1 cursor stored with the copy; `nil`, with nothing changed, when
    ///   the server does not serve version 2 or the file fails verification (the caller then
    ///   downloads through version 1 pages).
    /// - Throws: ``SyncError`` when the server cannot be reached after the retries or refuses.
    func downloadSnapshotFile(client: SyncClient, retry: RetryPolicy, report: inout SyncReport,
                              progress: @Sendable (SyncProgress) -> Void) async throws -> String? {
        let file = URL(fileURLWithPath: pool.path + ".snapshot")
        defer { try? FileManager.default.removeItem(at: file) }
        let pushed = report.pushed
        progress(SyncProgress(phase: .downloading, pushed: pushed, remaining: 0, pulled: 0))
        let served = try await retry.run(onRetry: { notice in
            progress(SyncProgress(phase: .downloading, pushed: pushed, remaining: 0, pulled: 0, retry: notice))
        }) { try await client.snapshotFile(to: file) }
        guard served else { return nil }
        let account = try await pool.read { db in
            (login: try Replica.meta("login", in: db), server: try Replica.meta("server_id", in: db))
        }
        guard let meta = try? Replica.verifySnapshotFile(file, login: account.login, serverID: account.server),
              let next = meta[.next] else { return nil }
        let rows = try await copySnapshotFile(file, next: next)
        report.pulled += rows
        report.snapshotFile = true
        if let time = meta[.serverTime].flatMap(WireJSON.parseTimestamp) { report.serverTime = time }
        progress(SyncProgress(phase: .pulling, pushed: report.pushed, remaining: 0, pulled: report.pulled))
        return next
    }

    /// Why a downloaded snapshot file was refused.
    struct SnapshotFileRefused: Error {
        var reason: String
    }

    /// Opens the file read-only, with `trusted_schema` off, and accepts it only if SQLite finds
    /// it sound (`PRAGMA quick_check`), its schema is exactly ``SnapshotFile/tables`` (no
    /// index, view or trigger: the file comes from the network and is data, never code), and it
    /// was made for this user by this server.
    ///
    /// - Returns: the rows of its `snapshot` table.
    static func verifySnapshotFile(_ file: URL, login: String?, serverID: String?) throws -> [SnapshotFile.Key: String] {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA trusted_schema = OFF") }
        let queue = try DatabaseQueue(path: file.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard check == ["ok"] else { throw SnapshotFileRefused(reason: "quick_check: \(check.prefix(3))") }
            let schema = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema")
            var expected = Dictionary(uniqueKeysWithValues: SnapshotFile.tables.map { ($0.name, $0.sql) })
            var received = false
            for row in schema {
                let (type, name, table, sql): (String, String, String, String?) = (row["type"], row["name"], row["tbl_name"], row["sql"])
                if type == "table", name == SnapshotFile.received.name, table == name, sql == SnapshotFile.received.sql, !received {
                    received = true
                    continue
                }
                guard type == "table", name == table, let sql, expected.removeValue(forKey: name) == sql else {
                    throw SnapshotFileRefused(reason: "unexpected \(type) \(name)")
                }
            }
            guard expected.isEmpty else { throw SnapshotFileRefused(reason: "missing tables \(expected.keys.sorted())") }
            // The receive times, when the server added them (asked for; optional).
            _ = received
            var meta: [SnapshotFile.Key: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM snapshot") {
                if let key = SnapshotFile.Key(rawValue: row["key"]) { meta[key] = row["value"] }
            }
            guard meta[.format] == String(SnapshotFile.format), meta[.login] == login, meta[.serverID] == serverID,
                  meta[.next]?.isEmpty == false else {
                throw SnapshotFileRefused(reason: "made for \(meta[.login] ?? "?") by \(meta[.serverID] ?? "?"), format \(meta[.format] ?? "?")")
            }
            return meta
        }
    }

    /// Copies a verified file into the replica in one transaction: the facts, the current
    /// qualification of each item as the server computed it (recomputed here only for items
    /// that also carry work not yet accepted), the derived state of every customer, the clock,
    /// and the version 1 cursor after the file.
    ///
    /// ```sql
    /// ATTACH DATABASE '<replica>.snapshot' AS snap;
    /// INSERT INTO items(id, customer_id, …) SELECT id, customer_id, … FROM snap.items WHERE true
    ///     ON CONFLICT(id) DO UPDATE SET …;
    /// …
    /// DETACH DATABASE snap;
    /// ```
    /// - Returns: the changes copied, as a version 1 download would count them.
    func copySnapshotFile(_ file: URL, next: String) async throws -> Int {
        try await pool.writeWithoutTransaction { [clock] db in
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
            // The indexes of a whole portfolio are built here: a cache that holds their pages
            // (32 MiB at most, for the length of the copy) keeps SQLite from re-reading them.
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "ATTACH DATABASE ? AS snap", arguments: [file.path])
            defer {
                try? db.execute(sql: "DETACH DATABASE snap")
                try? db.execute(sql: "PRAGMA cache_size = \(cache)")
            }
            var rows = 0
            try db.inTransaction {
                for statement in Replica.snapshotCopies {
                    try db.execute(sql: statement)
                    // Counted like version 1 pages, one per change: an item's links to its
                    // qualifications and its current one come with those.
                    if !statement.contains("INTO qualification_items") && !statement.contains("INTO item_current") {
                        rows += db.changesCount
                    }
                }
                // The receive times of the facts, when the file has them (provenance).
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM snap.sqlite_schema WHERE name = 'received'") == true {
                    for table in ["qualifications", "action_events", "contact_edits"] {
                        try db.execute(sql: """
                            UPDATE \(table) SET received_at = (SELECT at FROM snap.received r WHERE r.seq = \(table).seq)
                            WHERE seq IN (SELECT seq FROM snap.received)
                            """)
                    }
                }
                // Work written here and not yet accepted may supersede the server's current status.
                for item in try String.fetchAll(db, sql: """
                    SELECT DISTINCT qi.item_id FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
                    WHERE q.state != 'accepted'
                    """) {
                    try Replica.recomputeCurrent(of: item, in: db)
                }
                // The derived state of every customer, computed in this transaction: the replica is
                // never complete without it, and one commit costs one sync to disk.
                for table in ["digests", "agenda", "alerts", "promises", "disputes"] { try db.execute(sql: "DELETE FROM \(table)") }
                let customers = try String.fetchAll(db, sql: "SELECT id FROM customers")
                let today = BusinessDate.today()
                for start in stride(from: 0, to: customers.count, by: Replica.refreshBatch) {
                    try Replica.recompute(Array(customers[start..<min(customers.count, start + Replica.refreshBatch)]), today: today,
                                          replacing: false, in: db)
                }
                try Replica.markLedgersStale(in: db)
                if let latest = try String.fetchOne(db, sql: """
                    SELECT max(hlc) FROM (SELECT max(hlc) AS hlc FROM snap.qualifications UNION ALL
                        SELECT max(hlc) FROM snap.action_events UNION ALL SELECT max(hlc) FROM snap.contact_edits)
                    """).flatMap(HLC.init) {
                    clock.receive(latest)
                }
                try Replica.setMeta("cursor", next, in: db)
                try Replica.setMeta("hlc", clock.last.description, in: db)
                try Replica.setMeta("downloaded", "1", in: db)
                return .commit
            }
            return rows
        }
    }

    /// One statement per table of the file. Central-owned rows are replaced; a fact already
    /// here (written on this replica, its answer lost) becomes accepted with its sequence.
    static let snapshotCopies: [String] = [
        "INSERT OR REPLACE INTO statuses(code, doc, seq) SELECT code, doc, seq FROM snap.statuses",
        "INSERT OR REPLACE INTO customers(id, code, name, collector, doc, seq) SELECT id, code, name, collector, doc, seq FROM snap.customers",
        "INSERT OR REPLACE INTO contacts(id, customer_id, doc, seq) SELECT id, customer_id, doc, seq FROM snap.contacts",
        """
        INSERT OR REPLACE INTO items(id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared,
            cleared_date, seq)
        SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared, cleared_date, seq
        FROM snap.items
        """,
        acceptedFacts("qualifications", column: "status_code"),
        "INSERT OR IGNORE INTO qualification_items(item_id, qualification_id) SELECT item_id, qualification_id FROM snap.qualification_items",
        "INSERT OR REPLACE INTO item_current(item_id, qualification_id) SELECT item_id, qualification_id FROM snap.item_current",
        acceptedFacts("action_events", column: "action_id"),
        "INSERT OR REPLACE INTO scenarios(code, doc, seq) SELECT code, doc, seq FROM snap.scenarios",
        "INSERT OR REPLACE INTO settings(key, doc, seq) SELECT key, doc, seq FROM snap.settings",
        "INSERT OR IGNORE INTO payments(id, customer_id, item_id, doc, seq) SELECT id, customer_id, item_id, doc, seq FROM snap.payments",
        acceptedFacts("contact_edits", column: "contact_id"),
        "INSERT OR REPLACE INTO users(login, doc, seq) SELECT login, doc, seq FROM snap.users",
    ]

    /// Copies a table of journal facts (`id`, `customer_id`, one more column, `doc`, `seq`) as accepted.
    private static func acceptedFacts(_ table: String, column: String) -> String {
        """
        INSERT INTO \(table)(id, customer_id, \(column), doc, seq, state)
        SELECT id, customer_id, \(column), doc, seq, 'accepted' FROM snap.\(table) WHERE true
        ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, state = 'accepted'
        """
    }
}
