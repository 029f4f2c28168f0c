import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import GRDB
import Testing

/// The SQL layer both stores share, run against both engines; the PostgreSQL schema against the
/// SQLite one; the write ordering that keeps pulls from skipping a change.
@Suite("PostgreSQL engine", .serialized, .enabled(if: TestPostgres.isInstalled))
struct PostgresEngineTests {
    /// One body, run on an SQLite connection and on a PostgreSQL one.
    func onBothEngines(_ body: @escaping @Sendable (any SQLSession) throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dso-sql-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: file) }
        let queue = try DatabaseQueue(path: file.path)
        try await queue.write { db in try body(db) }
        try await TestPostgres.with { cluster in
            let engine = try PostgresEngine(location: try await cluster.createDatabase(), poolSize: 2)
            try await engine.write { session in try body(session) }
        }
    }

    @Test("the same statements, values and savepoints on SQLite and PostgreSQL")
    func sameStatements() async throws {
        try await onBothEngines { session in
            let blob = session.dialect.blobType
            try session.execute("CREATE TABLE t(id TEXT PRIMARY KEY, n BIGINT, r DOUBLE PRECISION, b \(blob), note TEXT)")
            let big = Int64.max - 7
            let unicode = "Société Générale — ünïcödé ✓ 'quoted' ?"
            #expect(try session.execute("INSERT INTO t(id, n, r, b, note) VALUES (?, ?, ?, ?, ?)", "a", big, 1.5, [UInt8]([0, 1, 255]), unicode) == 1)
            #expect(try session.execute("INSERT INTO t(id, n, r, b, note) VALUES (?, ?, ?, ?, ?)", "b", Int64(-3), Optional<Double>.none, Optional<[UInt8]>.none, Optional<String>.none) == 1)
            let row = try #require(try session.row("SELECT id, n, r, b, note, 'literal ? kept' AS lit FROM t WHERE id = ?", "a"))
            #expect(row.get("n", as: Int64.self) == big && row.get("r", as: Double.self) == 1.5)
            #expect(row.get("b", as: [UInt8].self) == [0, 1, 255] && row.get("note", as: String.self) == unicode)
            #expect(row.get("lit", as: String.self) == "literal ? kept")
            let empty = try #require(try session.row("SELECT n, r, b, note FROM t WHERE id = 'b'"))
            #expect(empty.get("n", as: Int64.self) == -3 && empty["r"] == .null && empty["b"] == .null && empty["note"] == .null)
            // Upsert, RETURNING, counts.
            let returned = try session.value("""
                INSERT INTO t(id, n) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET n = excluded.n RETURNING n
                """, "a", Int64(42), as: Int64.self)
            #expect(returned == 42)
            #expect(try session.value("SELECT count(*) FROM t", as: Int.self) == 2)
            #expect(try session.value("SELECT sum(n) FROM t", as: Int64.self) == 39)
            #expect(try session.execute("UPDATE t SET note = ? WHERE n > ?", "x", Int64(0)) == 1)
            // A failed savepoint leaves the transaction and what came before it.
            struct Refused: Error {}
            #expect(throws: Refused.self) {
                try session.savepoint {
                    try session.execute("INSERT INTO t(id, n) VALUES ('c', 1)")
                    throw Refused()
                }
            }
            #expect(throws: (any Error).self) {
                try session.savepoint { try session.execute("INSERT INTO t(id, n) VALUES ('a', 1)") }
            }
            _ = try session.savepoint { try session.execute("INSERT INTO t(id, n) VALUES ('d', 4)") }
            #expect(try session.rows("SELECT id FROM t ORDER BY id").compactMap { $0.get("id", as: String.self) } == ["a", "b", "d"])
            #expect(try session.value("SELECT \(session.dialect.jsonText("?", "name"))", "{\"name\":\"Acme\"}", as: String.self) == "Acme")
        }
    }

    @Test("a new PostgreSQL store has the SQLite store's tables, columns and first rows; migrating again changes nothing")
    func schemaMatchesSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try CentralStore(dataDirectory: directory)
        let skipped: Set<String> = ["grdb_migrations", "sqlite_sequence", "dso_migrations"]
        let sqliteColumns: [String: Set<String>] = try await sqlite.pool.read { db in
            var tables: [String: Set<String>] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") where !skipped.contains(table) {
                tables[table] = Set(try db.columns(in: table).map(\.name))
            }
            return tables
        }
        let sqliteKinds = try await sqlite.pool.read { db in try String.fetchAll(db, sql: "SELECT kind FROM changes ORDER BY seq") }
        try await TestPostgres.with { cluster in
            let engine = try PostgresEngine(location: try await cluster.createDatabase(), poolSize: 2)
            #expect(try await engine.migrate() == PostgresSchema.migrations.map(\.identifier))
            #expect(try await engine.migrate() == [])
            let (columns, kinds, state) = try await engine.read { session in
                var tables: [String: Set<String>] = [:]
                for row in try session.rows("""
                    SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'
                    """) {
                    let table = row.get("table_name", as: String.self)!
                    guard !skipped.contains(table) else { continue }
                    tables[table, default: []].insert(row.get("column_name", as: String.self)!)
                }
                let kinds = try session.rows("SELECT kind FROM changes ORDER BY seq").compactMap { $0.get(0, as: String.self) }
                return (tables, kinds, try PostgresSchema.state(in: session))
            }
            // PostgreSQL has no rowid: assignments carry an id for their order.
            var expected = sqliteColumns
            expected["assignments"]?.insert("id")
            #expect(columns == expected)
            #expect(kinds == sqliteKinds)
            #expect(state.missing.isEmpty && state.unknown.isEmpty)
        }
    }

    @Test("servers starting together create the schema once; a store upgraded by a newer release is refused")
    func concurrentMigrations() async throws {
        try await TestPostgres.with { cluster in
            let location = try await cluster.createDatabase()
            let engines = try (0..<3).map { _ in try PostgresEngine(location: location, poolSize: 1) }
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for engine in engines { group.addTask { try await engine.migrate() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(applied.filter { !$0.isEmpty }.count == 1)
            let statuses = try await engines[0].read { try $0.value("SELECT count(*) FROM statuses", as: Int.self) }
            #expect(statuses == StatusCatalogue.defaults.count)
            _ = try await engines[0].write { try $0.execute("INSERT INTO dso_migrations(identifier, applied_at) VALUES ('pg-v99-future', 'now')") }
            await #expect(throws: StoreUnavailable.self) { try await engines[1].migrate() }
        }
    }

    @Test("the write lock: a change drawn later commits later, so a live reader never skips one (and without the lock it would)")
    func commitOrder() async throws {
        try await TestPostgres.with { cluster in
            let location = try await cluster.createDatabase()
            let setup = try PostgresEngine(location: location, poolSize: 1)
            try await setup.migrate()
            let head = try await setup.read { try $0.value("SELECT max(seq) FROM changes", as: Int64.self) } ?? 0
            // Two server processes' engines, and a reader that pulls like a replica: after its cursor, in seq order.
            let first = try PostgresEngine(location: location, poolSize: 2)
            let second = try PostgresEngine(location: location, poolSize: 2)
            let reader = try PostgresEngine(location: location, poolSize: 1)
            func pull(after cursor: Int64) async throws -> [Int64] {
                try await reader.read { session in
                    try session.rows("SELECT seq FROM changes WHERE seq > ? ORDER BY seq", cursor).compactMap { $0.get(0, as: Int64.self) }
                }
            }
            let status: @Sendable (String) -> ChangeBody = { code in ChangeBody.status(Status(code: code, name: code, type: .ongoing)) }

            // With the lock: A draws its number and waits inside its transaction; B waits for A's commit.
            let aHolds = AsyncStream.makeStream(of: Void.self)
            let release = DispatchSemaphore(value: 0)
            let a = Task {
                try await first.write { session in
                    let seq = try CentralStore.record(status("a"), in: session)
                    aHolds.continuation.yield()
                    release.wait()
                    return seq
                }
            }
            for await _ in aHolds.stream { break }
            let b = Task { try await second.write { session in try CentralStore.record(status("b"), in: session) } }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await pull(after: head).isEmpty, "B must wait for A: nothing is visible yet")
            release.signal()
            let aSeq = try await a.value, bSeq = try await b.value
            #expect(bSeq > aSeq)
            #expect(try await pull(after: head) == [aSeq, bSeq])

            // Without it, numbers drawn from a plain PostgreSQL sequence (the identity), the reader
            // would move past a change committed later with a lower number.
            @Sendable func unlocked(_ code: String, in session: PostgresSession) throws -> Int64 {
                try session.insertNumbered("INSERT INTO changes(kind, customer_id, payload, at) VALUES (?, NULL, ?, ?)", key: "seq",
                                           ["status.upsert", try status(code).payloadJSON(), WireJSON.formatTimestamp(Date())])
            }
            let cursorBefore = bSeq
            let cHolds = AsyncStream.makeStream(of: Void.self)
            let releaseC = DispatchSemaphore(value: 0)
            let c = Task {
                try await first.write(lock: false) { session in
                    let seq = try unlocked("c", in: session)
                    cHolds.continuation.yield()
                    releaseC.wait()
                    return seq
                }
            }
            for await _ in cHolds.stream { break }
            let dSeq = try await second.write(lock: false) { try unlocked("d", in: $0) }
            let seen = try await pull(after: cursorBefore)
            #expect(seen == [dSeq])
            releaseC.signal()
            let cSeq = try await c.value
            #expect(cSeq < dSeq)
            #expect(try await pull(after: dSeq).isEmpty, "the unlocked writer's change is behind the reader's cursor: skipped")
        }
    }

    @Test("concurrent writers on two engines and a live reader: the reader sees every change exactly once, in order")
    func concurrentWritersLiveReader() async throws {
        try await TestPostgres.with { cluster in
            let location = try await cluster.createDatabase()
            let setup = try PostgresEngine(location: location, poolSize: 1)
            try await setup.migrate()
            let start = try await setup.read { try $0.value("SELECT max(seq) FROM changes", as: Int64.self) } ?? 0
            let engines = try (0..<2).map { _ in try PostgresEngine(location: location, poolSize: 4) }
            let reader = try PostgresEngine(location: location, poolSize: 1)
            let writers = Task {
                try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for writer in 0..<8 {
                        let engine = engines[writer % 2]
                        group.addTask {
                            var written: [Int64] = []
                            for index in 0..<25 {
                                written.append(try await engine.write { session in
                                    let seq = try CentralStore.record(.status(Status(code: "w\(writer)-\(index)", name: "x", type: .ongoing)), in: session)
                                    if index % 5 == 0 { try session.execute("SELECT pg_sleep(0.005)") }
                                    return seq
                                })
                            }
                            return written
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            var cursor = start
            var seen: [Int64] = []
            while seen.count < 200 {
                let after = cursor
                let page = try await reader.read { session in
                    try session.rows("SELECT seq FROM changes WHERE seq > ? ORDER BY seq LIMIT 7", after).compactMap { $0.get(0, as: Int64.self) }
                }
                seen += page
                cursor = page.last ?? cursor
                if page.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
            }
            let written = try await writers.value
            #expect(seen == written.sorted())
            #expect(Set(seen).count == 200)
        }
    }

    @Test("LISTEN/NOTIFY: a commit on one engine reaches another's feed, a rollback never does, and the feed listens again after PostgreSQL restarts")
    func changeFeed() async throws {
        #expect(ChangeNotice(payload: ChangeNotice(head: 12, collectors: ["bruno", "alice"]).payload) == ChangeNotice(head: 12, collectors: ["alice", "bruno"]))
        #expect(ChangeNotice(payload: "12;*") == ChangeNotice(head: 12, collectors: nil))
        let many = Set((0..<2000).map { "collector\($0)" })
        #expect(ChangeNotice(head: 3, collectors: many).payload == "3;*")
        #expect(ChangeNotice(payload: "garbage") == nil)

        try await TestPostgres.with { cluster in
            let location = try await cluster.createDatabase()
            let listener = try PostgresEngine(location: location, poolSize: 1)
            let writer = try PostgresEngine(location: location, poolSize: 1)
            let (notices, sink) = AsyncStream.makeStream(of: ChangeNotice.self)
            let (ready, readySink) = AsyncStream.makeStream(of: Void.self)
            let feed = Task { await PostgresChangeFeed(engine: listener).run(deliver: { sink.yield($0) }, listening: { readySink.yield() }) }
            defer { feed.cancel() }
            var listening = ready.makeAsyncIterator()
            var heard = notices.makeAsyncIterator()
            _ = await listening.next()

            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await writer.write { session in
                    try session.announce(ChangeNotice(head: 1, collectors: ["bruno"]))
                    throw Abort()
                }
            }
            try await writer.write { try $0.announce(ChangeNotice(head: 7, collectors: ["alice", "bruno"])) }
            #expect(await heard.next() == ChangeNotice(head: 7, collectors: ["alice", "bruno"]), "the rolled-back notice never arrives")

            try cluster.stop()
            try cluster.start()
            _ = await listening.next()
            #expect(await heard.next() == ChangeNotice(head: 0, collectors: nil), "after a lost connection: everybody, commits may have been missed")
            // The writer's pooled connection died with the server: the first try answers StoreUnavailable.
            var delivered = false
            for _ in 0..<3 where !delivered {
                do {
                    try await writer.write { try $0.announce(ChangeNotice(head: 9, collectors: nil)) }
                    delivered = true
                } catch is StoreUnavailable {
                    continue
                }
            }
            #expect(delivered)
            #expect(await heard.next() == ChangeNotice(head: 9, collectors: nil))
        }
    }
}
