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
        return try await backend.write { db in
            try db.execute("DELETE FROM console_sessions WHERE expires_ms <= ?", now.millis)
            guard let user = try CentralStore.user(tokenHash: tokenHash, in: db) else { return nil }
            let cookie = CentralStore.randomSecret(), csrf = CentralStore.randomSecret()
            let expires = now.addingTimeInterval(lifetime)
            try db.execute("""
                INSERT INTO console_sessions(hash, login, token_hash, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
                """, CentralStore.hash(token: cookie), user.login, tokenHash, csrf, now.millis, expires.millis)
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
        return try await backend.read { db in
            guard let row = try db.row("""
                SELECT u.login, u.name, u.email, u.role, s.csrf, s.expires_ms FROM console_sessions s
                JOIN tokens t ON t.hash = s.token_hash AND t.revoked_at IS NULL JOIN users u ON u.login = s.login
                WHERE s.hash = ? AND s.expires_ms > ?
                """, hash, now.millis) else { return nil }
            let expires: Int64 = row.get("expires_ms") ?? 0
            return ConsoleSession(user: try CentralStore.user(from: row), csrf: try row.text(4),
                                  expires: Date(timeIntervalSince1970: Double(expires) / 1000))
        }
    }

    /// Ends a session (sign-out). `DELETE FROM console_sessions WHERE hash = ?`
    public func closeConsoleSession(cookie: String) async throws {
        let hash = CentralStore.hash(token: cookie)
        try await backend.write { db in
            try db.execute("DELETE FROM console_sessions WHERE hash = ?", hash)
        }
    }

    /// Appends to the audit log. `INSERT INTO console_audit(at, login, action, detail) VALUES (?, ?, ?, ?)`
    public func recordAudit(login: String, action: String, detail: String, now: Date = Date()) async throws {
        let stamp = WireJSON.formatTimestamp(now)
        try await backend.write { db in
            try db.execute("INSERT INTO console_audit(at, login, action, detail) VALUES (?, ?, ?, ?)", stamp, login, action, detail)
        }
    }

    /// The newest `limit` lines of the audit log, newest first.
    /// `SELECT at, login, action, detail FROM console_audit ORDER BY id DESC LIMIT ?`
    public func auditLog(limit: Int = 200) async throws -> [AuditEntry] {
        try await backend.read { db in
            try db.rows("SELECT at, login, action, detail FROM console_audit ORDER BY id DESC LIMIT ?", limit).map { row in
                AuditEntry(at: row.get(0, as: String.self).flatMap(WireJSON.parseTimestamp) ?? Date(timeIntervalSince1970: 0),
                           login: try row.text(1), action: try row.text(2), detail: try row.text(3))
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
        try await backend.read { db in
            let row = try db.row("SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes), (SELECT COALESCE(MAX(id), 0) FROM imports)")
            return "\(row?.get(0, as: Int64.self) ?? 0).\(row?.get(1, as: Int64.self) ?? 0)"
        }
    }
}
