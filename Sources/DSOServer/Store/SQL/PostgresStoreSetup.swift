/// Creating and upgrading a PostgreSQL store from the command line.
public enum PostgresStoreSetup {
    /// Creates or upgrades the schema of the store at `location`; returns the migrations applied.
    public static func migrate(_ location: PostgresLocation) async throws -> [String] {
        let engine = try PostgresEngine(location: location, poolSize: 1)
        return try await engine.migrate()
    }
}
