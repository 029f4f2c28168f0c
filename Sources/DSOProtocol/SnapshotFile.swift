/// Protocol version 2: a replica's first download as one SQLite file (`GET /v2/snapshot`,
/// PROTOCOL.md section 18).
///
/// The file holds the caller's scope as of one log position: one table per kind, with typed
/// columns and, where the kind has one, the row's wire payload exactly as a version 1 page
/// would carry it. Its schema is fixed by ``tables``: a client compares the file's
/// `sqlite_schema` with these statements, character for character, and refuses a file with any
/// other table, an index, a view or a trigger. Every table is `STRICT`, so a column holds the
/// type it declares.
public enum SnapshotFile {
    /// The value of the `format` row of the `snapshot` table.
    public static let format = 1
    /// The media type of the answer.
    public static let mediaType = "application/vnd.sqlite3"
    /// The path of the endpoint.
    public static let path = "/v2/snapshot"

    /// Keys of the `snapshot(key, value)` table.
    public enum Key: String, CaseIterable, Sendable {
        /// ``SnapshotFile/format``.
        case format
        /// The server's id (`Hello.serverID`).
        case serverID = "server_id"
        /// The caller's login and role when the file was built.
        case login, role
        /// The log position the file is a picture of.
        case highWater = "high_water"
        /// A version 1 cursor after `high_water`, for `GET /v1/changes`.
        case next
        /// The server's clock when the file was built (RFC 3339, UTC).
        case serverTime = "server_time"
    }

    /// One table of the file.
    public struct Table: Sendable, Hashable {
        public var name: String
        public var columns: [String]
        /// The `CREATE TABLE` statement, as `sqlite_schema.sql` holds it.
        public var sql: String

        init(_ name: String, _ columns: [(String, String)]) {
            self.name = name
            self.columns = columns.map(\.0)
            sql = "CREATE TABLE \(name)(" + columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ") STRICT"
        }
    }

    /// The optional table of receive times (provenance), present when the client asks with
    /// ``provenanceQuery``: the server's receive time of each fact's `seq` (qualifications, action
    /// events, contact edits). A client accepts a file with or without it.
    public static let received = Table("received", [("seq", "INTEGER NOT NULL"), ("at", "TEXT NOT NULL")])
    /// The query a client adds to ``path`` to get ``received`` (an addition within version 2:
    /// a server that predates it ignores it, and its file has no such table).
    public static let provenanceQuery = "provenance=1"

    /// Every table, in the order a client copies them.
    public static let tables: [Table] = [
        Table("snapshot", [("key", "TEXT NOT NULL"), ("value", "TEXT NOT NULL")]),
        Table("statuses", [("code", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("customers", [("id", "TEXT NOT NULL"), ("code", "TEXT NOT NULL"), ("name", "TEXT NOT NULL"), ("collector", "TEXT"),
                            ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("contacts", [("id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("items", [("id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"), ("number", "TEXT NOT NULL"), ("kind", "TEXT NOT NULL"),
                        ("issue_date", "TEXT NOT NULL"), ("due_date", "TEXT NOT NULL"), ("initial_minor", "INTEGER NOT NULL"),
                        ("open_minor", "INTEGER NOT NULL"), ("currency", "TEXT NOT NULL"), ("cleared", "INTEGER NOT NULL"),
                        ("cleared_date", "TEXT"), ("seq", "INTEGER NOT NULL")]),
        Table("qualifications", [("id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"), ("status_code", "TEXT NOT NULL"),
                                 ("hlc", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("qualification_items", [("item_id", "TEXT NOT NULL"), ("qualification_id", "TEXT NOT NULL")]),
        Table("item_current", [("item_id", "TEXT NOT NULL"), ("qualification_id", "TEXT NOT NULL")]),
        Table("action_events", [("id", "TEXT NOT NULL"), ("action_id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"),
                                ("hlc", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("scenarios", [("code", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("settings", [("key", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("payments", [("id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"), ("item_id", "TEXT NOT NULL"),
                           ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("contact_edits", [("id", "TEXT NOT NULL"), ("contact_id", "TEXT NOT NULL"), ("customer_id", "TEXT NOT NULL"),
                                ("hlc", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
        Table("users", [("login", "TEXT NOT NULL"), ("doc", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL")]),
    ]
}
