/// One row of a result, the same on both engines: its values by column position and name.
struct SQLRow: Sendable {
    let columns: SQLColumns
    let values: [SQLValue]

    subscript(index: Int) -> SQLValue { values[index] }

    subscript(name: String) -> SQLValue {
        guard let index = columns.index[name] else { preconditionFailure("no column '\(name)' in \(columns.names)") }
        return values[index]
    }

    /// The column's value as `T`; a null reads as `nil`.
    func get<T: SQLColumnValue>(_ name: String, as type: T.Type = T.self) -> T? {
        T(sqlValue: self[name])
    }

    func get<T: SQLColumnValue>(_ index: Int, as type: T.Type = T.self) -> T? {
        T(sqlValue: values[index])
    }
}

/// The column names of a result, shared by its rows.
final class SQLColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }
}
