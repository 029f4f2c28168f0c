import Foundation
import GRDB

/// A ``SQLSession`` over a GRDB connection, inside a `DatabasePool` access: statements are
/// prepared once per connection (`cachedStatement`) and rows read as they are stepped.
final class SQLiteSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { SQLDialect(engine: .sqlite) }

    init(_ db: Database) {
        self.db = db
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: SQLiteSession.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: SQLiteSession.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: (0..<row.count).map { SQLiteSession.value(row[$0] as DatabaseValue) }))
        }
        return rows
    }

    func firstValue(_ sql: String, _ arguments: [any SQLArgument]) throws -> SQLValue? {
        let statement = try db.cachedStatement(sql: sql)
        return try DatabaseValue.fetchOne(statement, arguments: SQLiteSession.arguments(arguments)).map(SQLiteSession.value)
    }

    func insertNumbered(_ sql: String, key column: String, _ arguments: [any SQLArgument]) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: SQLiteSession.arguments(arguments))
        return db.lastInsertedRowID
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
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
