import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A ``SQLSession`` on one PostgreSQL connection, on one of the engine's worker threads: each call
/// sends its statement (the `?` placeholders numbered `$1, $2, …`) and waits for the answer, but
/// ``send(_:_:)``, which sends without waiting (the next waiting call waits for it first).
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    private let placeholders: PlaceholderCache
    private var savepoints = 0
    private var cursors = 0
    /// Statements sent and not yet waited for (``send(_:_:)``).
    private var inFlight: [EventLoopFuture<PostgresQueryResult>] = []
    /// `INSERT`s sent and not yet on the wire, merged into one statement when they go
    /// (``flushInserts()``).
    private var inserts: [(sql: String, table: Substring, arguments: [any SQLArgument])] = []
    /// The last sequence number this transaction drew (``nextSequence()``), if any.
    private(set) var lastSequence: Int64?
    var dialect: SQLDialect { SQLDialect(engine: .postgres) }

    init(connection: PostgresConnection, placeholders: PlaceholderCache) {
        self.connection = connection
        self.placeholders = placeholders
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(PostgresSession.value)) }
    }

    func each(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Void) throws {
        cursors += 1
        let name = "dso_cursor\(cursors)"
        try execute("DECLARE \(name) NO SCROLL CURSOR FOR " + sql, arguments)
        while true {
            let page = try rows("FETCH 1000 FROM \(name)")
            for row in page { try body(row) }
            if page.count < 1000 { break }
        }
        try execute("CLOSE \(name)")
    }

    func firstValue(_ sql: String, _ arguments: [any SQLArgument]) throws -> SQLValue? {
        guard let cell = try run(sql, arguments).rows.first?.first else { return nil }
        return try PostgresSession.value(cell)
    }

    /// Consecutive `INSERT`s into different tables (a change, its table rows and its receipt) go
    /// as one statement, each a data-modifying `WITH` member, one round trip instead of one each:
    ///
    /// ```sql
    /// WITH s0 AS (INSERT INTO changes(…) VALUES (…)), s1 AS (INSERT INTO qualifications(…) VALUES (…)),
    ///      s2 AS (INSERT INTO receipts(…) VALUES (…)) SELECT 1
    /// ```
    /// Members of one statement do not see each other's rows, so a second `INSERT` into the same
    /// table, any other statement (an `UPDATE` may read what an `INSERT` wrote) and every statement
    /// that waits send what is merged first.
    func send(_ sql: String, _ arguments: [any SQLArgument]) throws {
        guard let table = PostgresSession.insertTable(sql) else {
            flushInserts()
            inFlight.append(connection.query(placeholders.numbered(sql), PostgresSession.binds(arguments)))
            return
        }
        if inserts.contains(where: { $0.table == table }) { flushInserts() }
        inserts.append((sql, table, arguments))
    }

    /// Sends the merged `INSERT`s (``send(_:_:)``).
    private func flushInserts() {
        guard !inserts.isEmpty else { return }
        let sql = inserts.count == 1 ? inserts[0].sql
            : "WITH " + inserts.enumerated().map { "s\($0.offset) AS (\($0.element.sql))" }.joined(separator: ", ") + " SELECT 1"
        let arguments = inserts.flatMap(\.arguments)
        inserts.removeAll(keepingCapacity: true)
        inFlight.append(connection.query(placeholders.numbered(sql), PostgresSession.binds(arguments)))
    }

    /// The table of an `INSERT INTO table(…)` statement, `nil` for any other statement.
    static func insertTable(_ sql: String) -> Substring? {
        let text = sql.drop { $0 == " " || $0 == "\n" }
        guard text.hasPrefix("INSERT INTO ") else { return nil }
        return text.dropFirst("INSERT INTO ".count).prefix { $0 != "(" && $0 != " " }
    }

    func nextSequence() throws -> Int64? {
        let next = try (lastSequence ?? value("SELECT COALESCE(MAX(seq), 0) FROM changes") ?? 0) + 1
        lastSequence = next
        return next
    }

    /// Draws `count` sequence numbers at once (a `COPY` of the log); returns the first.
    func reserveSequences(_ count: Int) throws -> Int64 {
        let first = try nextSequence()!
        lastSequence = first + Int64(count) - 1
        return first
    }

    /// Moves the log's identity past the numbers this transaction drew, before it commits (the
    /// write lock is held: nobody else draws meanwhile).
    ///
    /// ```sql
    /// SELECT setval(pg_get_serial_sequence('changes', 'seq'), GREATEST(?, (SELECT COALESCE(MAX(seq), 1) FROM changes)))
    /// ```
    func settleSequence() throws {
        guard let last = lastSequence else { return }
        try execute("SELECT setval(pg_get_serial_sequence('changes', 'seq'), GREATEST(?, (SELECT COALESCE(MAX(seq), 1) FROM changes)))", last)
        lastSequence = nil
    }

    /// Waits for the statements sent without waiting; throws the first one's error.
    func settle() throws {
        flushInserts()
        guard !inFlight.isEmpty else { return }
        let pending = inFlight
        inFlight.removeAll()
        var failure: (any Error)?
        for future in pending {
            do { _ = try future.wait() } catch { if failure == nil { failure = PostgresEngine.classify(error) } }
        }
        if let failure { throw failure }
    }

    func insertNumbered(_ sql: String, key column: String, _ arguments: [any SQLArgument]) throws -> Int64 {
        guard let value = try firstValue(sql + " RETURNING " + column, arguments), let number = Int64(sqlValue: value) else {
            throw SQLStatementError(sqlState: nil, message: "the insert returned no \(column)")
        }
        return number
    }

    /// Runs several statements separated by `;` at the end of a line, without parameters (the
    /// DDL of migrations): one at a time, since the extended protocol takes one per message.
    func script(_ sql: String) throws {
        let statements = sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        for statement in statements where !statement.isEmpty {
            try execute(statement.hasSuffix(";") ? String(statement.dropLast()) : statement)
        }
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepoints += 1
        let name = "sp\(savepoints)"
        defer { savepoints -= 1 }
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            if !(error is StoreUnavailable) { _ = try? execute("ROLLBACK TO SAVEPOINT \(name)") }
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLArgument]) throws -> PostgresQueryResult {
        try settle()
        do {
            return try connection.query(placeholders.numbered(sql), PostgresSession.binds(arguments)).wait()
        } catch {
            throw PostgresEngine.classify(error)
        }
    }

    static func binds(_ arguments: [any SQLArgument]) -> [PostgresData] {
        arguments.map { argument -> PostgresData in
            switch argument.sqlValue {
            case .null: .null
            case .integer(let number): PostgresData(int64: number)
            case .real(let number): PostgresData(double: number)
            case .text(let text): PostgresData(string: text)
            case .blob(let bytes): PostgresData(bytes: bytes)
            }
        }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return .integer(try cell.decode(Int64.self))
        case .float4, .float8:
            return .real(try cell.decode(Double.self))
        case .bool:
            return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            let number = NSDecimalNumber(decimal: decimal)
            if decimal == Decimal(number.int64Value) { return .integer(number.int64Value) }
            return .real(number.doubleValue)
        default:
            return .text(try cell.decode(String.self))
        }
    }
}

/// `?` placeholders numbered `$1, $2, …` for PostgreSQL (outside quoted text), once per statement.
final class PlaceholderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func numbered(_ sql: String) -> String {
        if let done = lock.withLock({ cache[sql] }) { return done }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        lock.withLock { cache[sql] = result }
        return result
    }
}
