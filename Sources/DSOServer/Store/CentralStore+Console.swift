import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A signed-in browser session of the web console: who, the token that forms must echo
/// (CSRF), and when it ends. Read again on every request, so a revoked token or a changed role
/// takes effect at once.
public struct ConsoleSession: Sendable, Hashable {
    public var user: User
    /// The per-session token every form carries back (synchronizer token against CSRF).
    public var csrf: String
    public var expires: Date
}

/// One line of the console's audit log.
public struct AuditEntry: Codable, Sendable, Hashable {
    public var at: Date
    public var login: String
    public var action: String
    public var detail: String
}

extension CentralStore {
    /// How long a console session lasts after sign-in.
    public static let consoleSessionLifetime: TimeInterval = 8 * 3600

    /// Exchanges a bearer token for a console session. Returns the cookie value (given once:
    /// only its SHA-256 hash is kept) and the session, or `nil` for an unknown or revoked token.
    /// Expired sessions are deleted on the way.
    ///
    /// ```sql
    /// SELECT u.login, u.name, u.email, u.role FROM tokens t JOIN users u ON u.login = t.login
    /// WHERE t.hash = ? AND t.revoked_at IS NULL;
    /// INSERT INTO console_sessions(hash, login, token_hash, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
    /// ```
    public func openConsoleSession(token: String, now: Date = Date(),
                                   lifetime: TimeInterval = CentralStore.consoleSessionLifetime) async throws -> (cookie: String, session: ConsoleSession)? {
        let tokenHash = CentralStore.hash(token: token.trimmingCharacters(in: .whitespacesAndNewlines))
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_sessions WHERE expires_ms <= ?", arguments: [now.millis])
            guard let user = try CentralStore.user(tokenHash: tokenHash, in: db) else { return nil }
            let cookie = CentralStore.randomSecret(), csrf = CentralStore.randomSecret()
            let expires = now.addingTimeInterval(lifetime)
            try db.execute(sql: """
                INSERT INTO console_sessions(hash, login, token_hash, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [CentralStore.hash(token: cookie), user.login, tokenHash, csrf, now.millis, expires.millis])
            return (cookie, ConsoleSession(user: user, csrf: csrf, expires: expires))
        }
    }

    /// The live session behind a cookie value: not expired, its token not revoked, with the
    /// user's role as it is now.
    ///
    /// ```sql
    /// SELECT u.login, u.name, u.email, u.role, s.csrf, s.expires_ms FROM console_sessions s
    /// JOIN tokens t ON t.hash = s.token_hash AND t.revoked_at IS NULL JOIN users u ON u.login = s.login
    /// WHERE s.hash = ? AND s.expires_ms > ?
    /// ```
    public func consoleSession(cookie: String, now: Date = Date()) async throws -> ConsoleSession? {
        let hash = CentralStore.hash(token: cookie)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT u.login, u.name, u.email, u.role, s.csrf, s.expires_ms FROM console_sessions s
                JOIN tokens t ON t.hash = s.token_hash AND t.revoked_at IS NULL JOIN users u ON u.login = s.login
                WHERE s.hash = ? AND s.expires_ms > ?
                """), arguments: [hash, now.millis]) else { return nil }
            let expires: Int64 = row["expires_ms"]
            return ConsoleSession(user: try CentralStore.user(from: row), csrf: row["csrf"],
                                  expires: Date(timeIntervalSince1970: Double(expires) / 1000))
        }
    }

    /// Ends a session (sign-out). `DELETE FROM console_sessions WHERE hash = ?`
    public func closeConsoleSession(cookie: String) async throws {
        let hash = CentralStore.hash(token: cookie)
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_sessions WHERE hash = ?", arguments: [hash])
        }
    }

    /// Appends to the audit log. `INSERT INTO console_audit(at, login, action, detail) VALUES (?, ?, ?, ?)`
    public func recordAudit(login: String, action: String, detail: String, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO console_audit(at, login, action, detail) VALUES (?, ?, ?, ?)",
                           arguments: [WireJSON.formatTimestamp(now), login, action, detail])
        }
    }

    /// The newest `limit` lines of the audit log, newest first.
    /// `SELECT at, login, action, detail FROM console_audit ORDER BY id DESC LIMIT ?`
    public func auditLog(limit: Int = 200) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, login, action, detail FROM console_audit ORDER BY id DESC LIMIT ?",
                             arguments: [limit]).map { row in
                AuditEntry(at: WireJSON.parseTimestamp(row["at"]) ?? Date(timeIntervalSince1970: 0),
                           login: row["login"], action: row["action"], detail: row["detail"])
            }
        }
    }

    /// 32 random bytes from the system's generator, base64url without padding.
    public static func randomSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension CentralStore {
    /// A number that changes whenever the store's content does: the log's last sequence number
    /// and the last import (an import of exchange rates writes no log entry). Cheap: two
    /// rowid lookups. Caches of derived figures key on it.
    ///
    /// ```sql
    /// SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes), (SELECT COALESCE(MAX(id), 0) FROM imports)
    /// ```
    public func contentVersion() async throws -> String {
        try await pool.read { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes), (SELECT COALESCE(MAX(id), 0) FROM imports)
                """))
            return "\(row?[0] as Int64? ?? 0).\(row?[1] as Int64? ?? 0)"
        }
    }
}
