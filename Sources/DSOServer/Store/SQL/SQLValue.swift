import Foundation
import GRDB

/// A value bound to, or read from, a statement of either engine: the four storage classes the
/// central store uses (every table has text, 64-bit integer, real and blob columns only) and null.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that binds to a statement parameter: as a ``SQLValue`` (PostgreSQL), or as
/// itself for GRDB (SQLite), which binds Swift values without the detour (a push binds a few
/// hundred values per change-set: the detour cost a third of its throughput).
protocol SQLArgument: Sendable {
    var sqlValue: SQLValue { get }
    var grdbValue: (any DatabaseValueConvertible)? { get }
}

extension String: SQLArgument {
    var sqlValue: SQLValue { .text(self) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Substring: SQLArgument {
    var sqlValue: SQLValue { .text(String(self)) }
    var grdbValue: (any DatabaseValueConvertible)? { String(self) }
}
extension Int: SQLArgument {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Int64: SQLArgument {
    var sqlValue: SQLValue { .integer(self) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Int32: SQLArgument {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Bool: SQLArgument {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Double: SQLArgument {
    var sqlValue: SQLValue { .real(self) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Data: SQLArgument {
    var sqlValue: SQLValue { .blob([UInt8](self)) }
    var grdbValue: (any DatabaseValueConvertible)? { self }
}
extension Array: SQLArgument where Element == UInt8 {
    var sqlValue: SQLValue { .blob(self) }
    var grdbValue: (any DatabaseValueConvertible)? { Data(self) }
}
extension SQLValue: SQLArgument {
    var sqlValue: SQLValue { self }
    var grdbValue: (any DatabaseValueConvertible)? {
        switch self {
        case .null: nil
        case .integer(let number): number
        case .real(let number): number
        case .text(let text): text
        case .blob(let bytes): Data(bytes)
        }
    }
}
extension Optional: SQLArgument where Wrapped: SQLArgument {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
    var grdbValue: (any DatabaseValueConvertible)? { self?.grdbValue }
}

/// A Swift value read from a column; `nil` when the column's value does not convert.
protocol SQLColumnValue {
    init?(sqlValue: SQLValue)
}

extension String: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .text(let text): self = text
        case .integer(let number): self = String(number)
        case .real(let number): self = String(number)
        case .blob(let bytes): self = String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }
}

extension Int64: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let number): self = number
        case .real(let number): guard let exact = Int64(exactly: number) else { return nil }; self = exact
        case .text(let text): guard let number = Int64(text) else { return nil }; self = number
        default: return nil
        }
    }
}

extension Int: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        guard let number = Int64(sqlValue: sqlValue) else { return nil }
        self = Int(number)
    }
}

extension Bool: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        guard let number = Int64(sqlValue: sqlValue) else { return nil }
        self = number != 0
    }
}

extension Double: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let number): self = number
        case .integer(let number): self = Double(number)
        case .text(let text): guard let number = Double(text) else { return nil }; self = number
        default: return nil
        }
    }
}

extension Array: SQLColumnValue where Element == UInt8 {
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .blob(let bytes): self = bytes
        case .text(let text): self = Array(text.utf8)
        default: return nil
        }
    }
}

extension Data: SQLColumnValue {
    init?(sqlValue: SQLValue) {
        guard let bytes = [UInt8](sqlValue: sqlValue) else { return nil }
        self = Data(bytes)
    }
}
