import DSOModel
import Foundation
import GRDB

/// A row named by a person: its full id, or a unique ending of it (at least 6 characters; lists
/// show the last 8, the random end of a UUIDv7, whose beginning is a timestamp).
public enum IDReference {
    /// The fewest characters of an ending that name a row.
    public static let shortest = 6

    public enum Match {
        case one(Row)
        case none
        case several
        /// Fewer than 6 characters and not a whole id.
        case tooShort
    }

    /// Runs `select` (a query without WHERE) narrowed to `column` matching `reference`.
    ///
    /// ```sql
    /// <select> WHERE <column> = ?                          -- a whole id
    /// <select> WHERE <column> LIKE '%' || ? LIMIT 2        -- an ending
    /// ```
    public static func match(_ reference: String, select: String, column: String, in db: Database) throws -> Match {
        let ref = reference.uppercased()
        let rows: [Row]
        if UUID(text: ref) != nil {
            rows = try Row.fetchAll(db, sql: select + " WHERE \(column) = ?", arguments: [ref])
        } else if ref.count >= shortest {
            rows = try Row.fetchAll(db, sql: select + " WHERE \(column) LIKE '%' || ? LIMIT 2", arguments: [ref])
        } else {
            return .tooShort
        }
        switch rows.count {
        case 0: return .none
        case 1: return .one(rows[0])
        default: return .several
        }
    }
}
