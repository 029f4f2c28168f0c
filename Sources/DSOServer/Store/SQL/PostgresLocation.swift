import Foundation

/// Where a PostgreSQL central store lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
/// with `?sslmode=disable` (the default) or `require`. The password may come from `PGPASSWORD`
/// instead of the URL (better: the URL shows in process lists). It is never logged nor printed:
/// ``redacted`` is the form for messages.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    /// Parses a `postgres://` or `postgresql://` URL; `environment` supplies `PGPASSWORD`.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw PostgresLocationError("--store must be a postgres://USER@HOST:PORT/DATABASE URL")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresLocationError("the store URL names no host: postgres://USER@HOST:PORT/DATABASE") }
        guard let user = components.user, !user.isEmpty else { throw PostgresLocationError("the store URL names no user: postgres://USER@HOST:PORT/DATABASE") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("the store URL names no database: postgres://USER@HOST:PORT/DATABASE")
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        requireTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): requireTLS = false
            case ("sslmode", "require"): requireTLS = true
            case ("sslmode", let value): throw PostgresLocationError("sslmode=\(value ?? "") is not supported: use disable or require")
            default: throw PostgresLocationError("unknown store URL parameter '\(item.name)' (only sslmode)")
            }
        }
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

public struct PostgresLocationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
