import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A snapshot file built for one user (protocol v2, ``DSOProtocol/SnapshotFile``).
public struct BuiltSnapshot: Sendable {
    /// Where the file is. The caller owns it: it streams it and deletes it.
    public var path: String
    public var bytes: Int
    /// The log position the file is a picture of.
    public var highWater: Int64
    /// Rows of the scope in the file (every table but `snapshot`).
    public var rows: Int
}

extension CentralStore {
    /// Builds the file of `user`'s scope, as of the log's head, beside the store (mode 0600).
    ///
    /// A new SQLite file attaches the store and copies, in one read transaction of the store
    /// (one consistent picture), each table of ``SnapshotFile/tables`` with one statement:
    /// ```sql
    /// INSERT INTO items SELECT id, customer_id, number, kind, … FROM central.items
    ///     WHERE customer_id IN (SELECT id FROM main.customers)   -- a collector's scope
    /// ```
    /// No row passes through Swift. The scope is the caller's at the time of this call, as for
    /// version 1 pages (PROTOCOL 9.4). On PostgreSQL the file is made in the temporary directory
    /// and filled from one `REPEATABLE READ` snapshot, each table's rows streamed through a
    /// server-side cursor into a prepared insert (``fill(_:from:scope:provenance:)``).
    ///
    /// `provenance`: add the ``DSOProtocol/SnapshotFile/received`` table, the receive time of
    /// each fact of the file (the client asked with ``DSOProtocol/SnapshotFile/provenanceQuery``).
    public func buildSnapshotFile(for user: User, provenance: Bool = false, now: Date = Date()) async throws -> BuiltSnapshot {
        let folder = path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? FileManager.default.temporaryDirectory
        let file = folder.appendingPathComponent("\(CentralStore.snapshotFilePrefix)\(UUIDv7.make().text).sqlite").path
        try PrivateFiles.file(file)
        do {
            let scope = user.role.seesEverything ? nil : user.login
            let (highWater, rows): (Int64, Int)
            switch backend {
            case .sqlite: (highWater, rows) = try await CentralStore.fill(file, from: path!, scope: scope, provenance: provenance)
            case .postgres(let engine): (highWater, rows) = try await CentralStore.fill(file, from: engine, scope: scope, provenance: provenance)
            }
            // The file holds no conflicts (its schema is fixed): the pull resumes with their phases.
            let next = try cursor(.snapshot(highWater: highWater, phase: .conflicts, after: ""), for: user)
            let queue = try DatabaseQueue(path: file)
            try await queue.write { db in
                let meta: [SnapshotFile.Key: String] = [
                    .format: String(SnapshotFile.format), .serverID: serverID.text, .login: user.login, .role: user.role.rawValue,
                    .highWater: String(highWater), .next: next, .serverTime: WireJSON.formatTimestamp(now),
                ]
                for (key, value) in meta {
                    try db.execute(sql: "INSERT INTO snapshot(key, value) VALUES (?, ?)", arguments: [key.rawValue, value])
                }
            }
            try queue.close()
            let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            return BuiltSnapshot(path: file, bytes: bytes, highWater: highWater, rows: rows)
        } catch {
            try? FileManager.default.removeItem(atPath: file)
            throw error
        }
    }

    /// Names of snapshot files in the store's directory start with this.
    static let snapshotFilePrefix = ".snapshot-"

    /// Creates the tables of the file and copies the scope into them; returns the log position
    /// of the picture and the rows copied.
    /// The file being built: a throwaway, no journal, no fsync. It is never read unless complete.
    private static func openSnapshotFile(_ file: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        return try DatabaseQueue(path: file, configuration: configuration)
    }

    private static func fill(_ file: String, from store: String, scope: String?, provenance: Bool) async throws -> (Int64, Int) {
        let queue = try openSnapshotFile(file)
        defer { try? queue.close() }
        return try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS central", arguments: [store])
            defer { try? db.execute(sql: "DETACH DATABASE central") }
            var result: (Int64, Int) = (0, 0)
            try db.inTransaction {
                let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM central.changes") ?? 0
                var rows = 0
                for table in SnapshotFile.tables + (provenance ? [SnapshotFile.received] : []) {
                    try db.execute(sql: table.sql)
                    guard let select = copy[table.name] else { continue }
                    var sql = "INSERT INTO main.\(table.name)(\(table.columns.joined(separator: ", "))) " + select
                    var arguments: StatementArguments = []
                    if let scope {
                        switch table.name {
                        case "customers":
                            sql += " WHERE collector = ?"
                            arguments = [scope]
                        case "qualification_items", "item_current":
                            sql += " WHERE item_id IN (SELECT id FROM main.items)"
                        case "contacts", "items", "qualifications", "action_events", "payments", "contact_edits":
                            sql += " WHERE customer_id IN (SELECT id FROM main.customers)"
                        default:
                            break
                        }
                    }
                    try db.execute(sql: sql, arguments: arguments)
                    rows += db.changesCount
                }
                result = (head, rows)
                return .commit
            }
            return result
        }
    }

    /// Fills the file from a PostgreSQL store, in one read snapshot: the same `SELECT`s as
    /// ``copy`` (JSON members through the dialect), narrowed to the scope by subqueries, each
    /// row streamed into the file's prepared insert.
    ///
    /// ```sql
    /// SELECT id, customer_id, number, … FROM items
    ///     WHERE customer_id IN (SELECT id FROM customers WHERE collector = ?)   -- a collector's scope
    /// INSERT INTO items(id, customer_id, number, …) VALUES (?, ?, ?, …)       -- into the file
    /// ```
    private static func fill(_ file: String, from engine: PostgresEngine, scope: String?, provenance: Bool) async throws -> (Int64, Int) {
        let queue = try openSnapshotFile(file)
        defer { try? queue.close() }
        return try await engine.read { session in
            try queue.inDatabase { db in
                var result: (Int64, Int) = (0, 0)
                try db.inTransaction {
                    let head: Int64 = try session.value("SELECT COALESCE(MAX(seq), 0) FROM changes") ?? 0
                    var rows = 0
                    for table in SnapshotFile.tables + (provenance ? [SnapshotFile.received] : []) {
                        try db.execute(sql: table.sql)
                        guard let (select, arguments) = postgresCopy(table.name, scope: scope, dialect: session.dialect) else { continue }
                        let insert = try db.makeStatement(sql: "INSERT INTO \(table.name)(\(table.columns.joined(separator: ", "))) VALUES "
                                                          + list(table.columns.count))
                        try session.each(select, arguments) { row in
                            try insert.execute(arguments: StatementArguments(row.values.map(\.grdbValue)))
                            rows += 1
                        }
                    }
                    result = (head, rows)
                    return .commit
                }
                return result
            }
        }
    }

    /// The `SELECT` of ``copy`` for a PostgreSQL store, narrowed to `scope` (a collector's login).
    private static func postgresCopy(_ table: String, scope: String?, dialect: SQLDialect) -> (String, [any SQLArgument])? {
        let customers = "customer_id IN (SELECT id FROM customers WHERE collector = ?)"
        if table == "received" {
            let condition = scope == nil ? "" : " WHERE " + customers
            let facts = ["qualifications", "action_events", "contact_edits"].map { "SELECT seq FROM \($0)\(condition)" }
            return ("SELECT seq, at FROM changes WHERE seq IN (\(facts.joined(separator: " UNION ALL ")))",
                    scope.map { Array(repeating: $0, count: 3) } ?? [])
        }
        guard var sql = copy[table] else { return nil }
        sql = sql.replacingOccurrences(of: "central.", with: "")
        for member in ["name", "statusCode", "hlc"] {
            sql = sql.replacingOccurrences(of: "json_extract(doc, '$.\(member)')", with: dialect.jsonText("doc", member))
        }
        guard let scope else { return (sql, []) }
        switch table {
        case "customers":
            return (sql + " WHERE collector = ?", [scope])
        case "qualification_items", "item_current":
            return (sql + " WHERE item_id IN (SELECT id FROM items WHERE \(customers))", [scope])
        case "contacts", "items", "qualifications", "action_events", "payments", "contact_edits":
            return (sql + " WHERE " + customers, [scope])
        default:
            return (sql, [])
        }
    }

    /// The `SELECT` that fills each table of the file from the store, unscoped.
    private static let copy: [String: String] = [
        "statuses": "SELECT code, doc, seq FROM central.statuses",
        "customers": "SELECT id, code, json_extract(doc, '$.name'), collector, doc, seq FROM central.customers",
        "contacts": "SELECT id, customer_id, doc, seq FROM central.contacts",
        "items": """
            SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared,
                cleared_date, seq FROM central.items
            """,
        "qualifications": """
            SELECT id, customer_id, json_extract(doc, '$.statusCode'), json_extract(doc, '$.hlc'), doc, seq
            FROM central.qualifications
            """,
        "qualification_items": "SELECT item_id, qualification_id FROM central.qualification_items",
        "item_current": "SELECT item_id, qualification_id FROM central.item_current",
        "action_events": "SELECT id, action_id, customer_id, json_extract(doc, '$.hlc'), doc, seq FROM central.action_events",
        "scenarios": "SELECT code, doc, seq FROM central.scenarios",
        "settings": "SELECT key, doc, seq FROM central.settings",
        "payments": "SELECT id, customer_id, item_id, doc, seq FROM central.payments",
        "contact_edits": "SELECT id, contact_id, customer_id, json_extract(doc, '$.hlc'), doc, seq FROM central.contact_edits",
        "users": "SELECT login, doc, seq FROM central.users WHERE doc IS NOT NULL AND seq IS NOT NULL",
        // The receive time of each fact the file holds (copied after them).
        "received": """
            SELECT seq, at FROM central.changes WHERE seq IN (
                SELECT seq FROM main.qualifications UNION ALL SELECT seq FROM main.action_events UNION ALL SELECT seq FROM main.contact_edits)
            """,
    ]

    /// Removes snapshot files older than an hour left in the store's directory by a process
    /// that stopped while building one (a file being built or streamed is younger, or already
    /// unlinked).
    static func removeStaleSnapshotFiles(beside store: String) {
        let directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(snapshotFilePrefix) {
            let file = directory.appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate]) as? Date
            if let modified, modified < Date().addingTimeInterval(-3600) { try? FileManager.default.removeItem(atPath: file) }
        }
    }
}
