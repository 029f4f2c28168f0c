import DSOModel
import GRDBSQLite

/// A text column of the statement's current row, read in place.
package enum ColumnBytes {
    /// The UTF-8 bytes of column `index` (valid until the statement steps), `nil` for `NULL`.
    package static func text(_ statement: OpaquePointer, _ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement, CInt(index)) != SQLITE_NULL, let text = sqlite3_column_text(statement, CInt(index)) else { return nil }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, CInt(index))))
    }

    /// The bytes of blob column `index` (valid until the statement steps; empty for `NULL`).
    package static func blob(_ statement: OpaquePointer, _ index: Int) -> UnsafeRawBufferPointer {
        guard let bytes = sqlite3_column_blob(statement, CInt(index)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, CInt(index))))
    }

    /// The ``LedgerItem`` in the ``LedgerItem/columns`` of the current row from column `start`.
    package static func ledgerItem(_ statement: OpaquePointer, from start: Int) -> LedgerItem? {
        LedgerItem(columnsFrom: start, text: { text(statement, $0) }, integer: { sqlite3_column_int64(statement, CInt($0)) })
    }
}
