import Foundation
import GRDB

/// A GRDB connection is an ``SQLSession`` of the SQLite engine, inside a `DatabasePool` access:
/// statements are prepared once per connection (`cachedStatement`), Swift values bound as
/// themselves, rows read as they are stepped. Code written for ``SQLSession`` runs on a `Database`
/// as it is, so the store's rules are written once for both engines.
extension Database: SQLSession {
    var dialect: SQLDialect { SQLDialect(engine: .sqlite) }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        try cachedStatement(sql: sql).execute(arguments: Database.arguments(arguments))
        return changesCount
    }

    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let statement = try cachedStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Database.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() { rows.append(Database.row(row, columns)) }
        return rows
    }

    /// A statement of its own (not the cached one): `body` may run the same query, nested.
    func each(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Void) throws {
        let statement = try makeStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Database.arguments(arguments))
        while let row = try cursor.next() { try body(Database.row(row, columns)) }
    }

    static func row(_ row: Row, _ columns: SQLColumns) -> SQLRow {
        SQLRow(columns: columns, values: (0..<row.count).map { value(row[$0] as DatabaseValue) })
    }

    func firstValue(_ sql: String, _ arguments: [any SQLArgument]) throws -> SQLValue? {
        try DatabaseValue.fetchOne(cachedStatement(sql: sql), arguments: Database.arguments(arguments)).map(Database.value)
    }

    func insertNumbered(_ sql: String, key column: String, _ arguments: [any SQLArgument]) throws -> Int64 {
        try cachedStatement(sql: sql).execute(arguments: Database.arguments(arguments))
        return lastInsertedRowID
    }

    func send(_ sql: String, _ arguments: [any SQLArgument]) throws {
        try cachedStatement(sql: sql).execute(arguments: Database.arguments(arguments))
    }

    func nextSequence() throws -> Int64? { nil }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }

    static func arguments(_ values: [any SQLArgument]) -> StatementArguments {
        StatementArguments(values.map(\.grdbValue))
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob([UInt8](data))
        }
    }
}
