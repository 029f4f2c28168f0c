/// The store cannot be reached (PostgreSQL down, restarting, or unreachable): nothing was
/// changed. The HTTP layer answers 503 `store_unavailable` with `Retry-After`.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// A PostgreSQL store whose schema is not this release's (none yet, behind, or newer).
public struct StoreNotMigrated: Error, CustomStringConvertible {
    public var description: String
}

/// A statement the engine refused (a constraint, a type error), with its SQLSTATE on PostgreSQL.
struct SQLStatementError: Error, CustomStringConvertible {
    var sqlState: String?
    var message: String
    var description: String { "\(message)\(sqlState.map { " [SQLSTATE \($0)]" } ?? "")" }

    /// `23505`: a unique constraint.
    var isUniqueViolation: Bool { sqlState == "23505" }
}
