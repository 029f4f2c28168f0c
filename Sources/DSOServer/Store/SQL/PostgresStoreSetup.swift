import Foundation

/// Creating and upgrading a PostgreSQL store from the command line and tools.
public enum PostgresStoreSetup {
    /// Creates or upgrades the schema of the store at `location`; returns the migrations applied.
    public static func migrate(_ location: PostgresLocation) async throws -> [String] {
        let engine = try PostgresEngine(location: location, poolSize: 1)
        return try await engine.migrate()
    }

    /// Creates the empty database `name` on the server of `server` (connected to its database,
    /// usually `postgres`, as a role that may create databases) and returns its location.
    ///
    /// ```sql
    /// CREATE DATABASE name
    /// ```
    /// - Throws: ``PostgresLocationError`` for a name that is not lower-case letters, digits and
    ///   `_`; ``StoreUnavailable`` when the server cannot be reached.
    public static func createDatabase(_ name: String, on server: PostgresLocation) async throws -> PostgresLocation {
        try check(name)
        let engine = try PostgresEngine(location: server, poolSize: 1)
        try await engine.autocommit("CREATE DATABASE \(name)")
        var location = server
        location.database = name
        return location
    }

    /// Drops the database `name` of the server of `server` (benchmarks clean up after themselves).
    ///
    /// ```sql
    /// DROP DATABASE IF EXISTS name WITH (FORCE)
    /// ```
    public static func dropDatabase(_ name: String, on server: PostgresLocation) async throws {
        try check(name)
        let engine = try PostgresEngine(location: server, poolSize: 1)
        try await engine.autocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func check(_ name: String) throws {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw PostgresLocationError("a database name is lower-case letters, digits and _ (at most 63): '\(name)'")
        }
    }
}
