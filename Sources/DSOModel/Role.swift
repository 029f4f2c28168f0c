/// What a user may do. Collectors see and write their own portfolio; managers and admins see
/// everything; resolvers (the sales, billing or technical colleagues named on disputes) are known
/// to every node but hold no portfolio.
public enum Role: String, Codable, Sendable, CaseIterable {
    case collector
    case manager
    case admin
    case resolver

    /// Whether this role's scope is every customer.
    public var seesEverything: Bool { self == .manager || self == .admin }
}
