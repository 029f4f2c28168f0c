/// One row of a result, the same on both engines: its values by column position and name.
struct SQLRow: Sendable {
    let columns: SQLColumns
    let values: [SQLValue]

    subscript(index: Int) -> SQLValue { values[index] }

    subscript(name: String) -> SQLValue {
        guard let index = columns.names.firstIndex(of: name) else { preconditionFailure("no column '\(name)' in \(columns.names)") }
        return values[index]
    }

    /// The column's value as `T`; a null reads as `nil`.
    func get<T: SQLColumnValue>(_ name: String, as type: T.Type = T.self) -> T? {
        T(sqlValue: self[name])
    }

    func get<T: SQLColumnValue>(_ index: Int, as type: T.Type = T.self) -> T? {
        T(sqlValue: values[index])
    }

    /// The column's text; a null or a blob is a corrupt row.
    func text(_ index: Int) throws -> String {
        guard case .text(let text) = values[index] else { throw CorruptRow(table: "?", key: columns.names[index]) }
        return text
    }
}

/// The column names of a result, shared by its rows (a handful: found by a scan, cheaper than
/// building a dictionary per result).
final class SQLColumns: Sendable {
    let names: [String]

    init(_ names: [String]) {
        self.names = names
    }
}
