/// What a user may do. Collectors see and write their own portfolio; managers and admins see everything.
public enum Role: String, Codable, Sendable, CaseIterable {
    case collector
    case manager
    case admin

    /// Whether this role's scope is every customer.
    public var seesEverything: Bool { self != .collector }
}
