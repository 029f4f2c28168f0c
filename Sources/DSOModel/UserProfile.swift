/// A user as every node knows them: login, display name and role. Central-owned; replicated to
/// every replica (never with a token) so that a dispute's resolver can be checked offline.
public struct UserProfile: Codable, Hashable, Sendable, Identifiable {
    public var login: String
    public var name: String?
    public var role: Role

    public var id: String { login }

    public init(login: String, name: String? = nil, role: Role) {
        self.login = login
        self.name = name
        self.role = role
    }
}
