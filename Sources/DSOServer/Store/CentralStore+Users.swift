import Crypto
import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A user the server knows.
public struct User: Codable, Hashable, Sendable {
    public var login: String
    public var name: String?
    public var email: String?
    public var role: Role

    public init(login: String, name: String? = nil, email: String? = nil, role: Role) {
        self.login = login
        self.name = name
        self.email = email
        self.role = role
    }

    /// What every node knows of this user (never the token).
    public var profile: UserProfile { UserProfile(login: login, name: name, role: role) }

    /// Logins are 1–64 characters of lower-case letters, digits, `.`, `_` and `-`.
    public static func isValidLogin(_ login: String) -> Bool {
        (1...64).contains(login.count) && login.allSatisfy { c in
            c.isASCII && (c.isLowercase || c.isNumber || c == "." || c == "_" || c == "-")
        }
    }
}

/// Why a user command failed.
public struct UserError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension CentralStore {
    /// Creates a user and issues their first bearer token, returned once: only its SHA-256 hash is kept.
    public func addUser(_ user: User) throws -> String {
        guard User.isValidLogin(user.login) else {
            throw UserError(description: "invalid login '\(user.login)': use lower-case letters, digits, '.', '_' or '-'")
        }
        return try backend.writeNow { db in
            if try db.value("SELECT 1 FROM users WHERE login = ?", user.login, as: Bool.self) == true {
                throw UserError(description: "user '\(user.login)' already exists; issue a new token with `dso-server user token \(user.login)`")
            }
            try CentralStore.upsertUser(user, before: nil, in: db)
            return try CentralStore.issueToken(for: user.login, in: db)
        }
    }

    /// Issues an additional token for an existing user.
    public func issueToken(login: String) throws -> String {
        try backend.writeNow { db in
            guard try db.value("SELECT 1 FROM users WHERE login = ?", login, as: Bool.self) == true else {
                throw UserError(description: "no user '\(login)'")
            }
            return try CentralStore.issueToken(for: login, in: db)
        }
    }

    /// Revokes every token of a user. Returns how many were live.
    @discardableResult
    public func revokeTokens(login: String) throws -> Int {
        try backend.writeNow { db in
            try db.execute("UPDATE tokens SET revoked_at = ? WHERE login = ? AND revoked_at IS NULL", WireJSON.formatTimestamp(Date()), login)
        }
    }

    public func users() throws -> [User] {
        try backend.readNow { db in
            try db.rows("SELECT login, name, email, role FROM users ORDER BY login").map(CentralStore.user(from:))
        }
    }

    /// The user a bearer token belongs to, or `nil` for an unknown or revoked token.
    ///
    /// ```sql
    /// SELECT u.login, u.name, u.email, u.role FROM tokens t JOIN users u ON u.login = t.login
    /// WHERE t.hash = ? AND t.revoked_at IS NULL
    /// ```
    public func authenticate(token: String) async throws -> User? {
        let hash = CentralStore.hash(token: token)
        return try await backend.read { db in try CentralStore.user(tokenHash: hash, in: db) }
    }

    /// The user of a live token, by the token's hash, in the caller's transaction.
    ///
    /// ```sql
    /// SELECT u.login, u.name, u.email, u.role FROM tokens t JOIN users u ON u.login = t.login
    /// WHERE t.hash = ? AND t.revoked_at IS NULL
    /// ```
    static func user(tokenHash: String, in session: some SQLSession) throws -> User? {
        try session.row("""
            SELECT u.login, u.name, u.email, u.role FROM tokens t JOIN users u ON u.login = t.login
            WHERE t.hash = ? AND t.revoked_at IS NULL
            """, tokenHash).map(CentralStore.user(from:))
    }


    /// A user by login, in the caller's transaction.
    static func user(login: String, in session: some SQLSession) throws -> User? {
        try session.row("SELECT login, name, email, role FROM users WHERE login = ?", login).map(user(from:))
    }


    static func user(from row: SQLRow) throws -> User {
        guard let login = row.get("login", as: String.self), let role = row.get("role", as: String.self).flatMap(Role.init(rawValue:)) else {
            throw UserError(description: "bad user row in store")
        }
        return User(login: login, name: row.get("name"), email: row.get("email"), role: role)
    }

    static func user(from row: Row) throws -> User {
        guard let role = Role(rawValue: row["role"]) else { throw UserError(description: "bad role in store") }
        return User(login: row["login"], name: row["name"], email: row["email"], role: role)
    }

    /// Creates or changes a user (`before`: the stored one, `nil` for a new user); a change of
    /// what replicas know (login, name, role) is logged as `user.upsert`.
    ///
    /// ```sql
    /// INSERT INTO users(login, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)
    /// ON CONFLICT(login) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role
    /// ```
    static func upsertUser(_ user: User, before: User?, in session: some SQLSession) throws {
        try session.execute("""
            INSERT INTO users(login, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(login) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role
            """, user.login, user.name, user.email, user.role.rawValue, WireJSON.formatTimestamp(Date()))
        if before?.profile != user.profile { try record(.user(user.profile), in: session) }
    }


    /// A new token for `login`, returned once; only its hash is kept.
    ///
    /// ```sql
    /// INSERT INTO tokens(hash, login, created_at) VALUES (?, ?, ?)
    /// ```
    static func issueToken(for login: String, in session: some SQLSession) throws -> String {
        let token = "dso_" + randomSecret()
        try session.execute("INSERT INTO tokens(hash, login, created_at) VALUES (?, ?, ?)", hash(token: token), login, WireJSON.formatTimestamp(Date()))
        return token
    }


    /// Hex SHA-256 of a token: what the store keeps instead of the token.
    static func hash(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
