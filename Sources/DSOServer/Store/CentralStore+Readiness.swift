import Foundation
import GRDB

extension CentralStore {
    /// Whether this server can serve its store: the store answers, and its schema is the one
    /// this release knows (every migration applied, none unknown).
    public struct Readiness: Sendable, Equatable {
        /// `nil` when ready; otherwise what is wrong, in a sentence for the operator.
        public var problem: String?
        public var isReady: Bool { problem == nil }
    }

    /// Checks the store for `/readyz` with one read transaction:
    ///
    /// ```sql
    /// SELECT identifier FROM grdb_migrations
    /// ```
    ///
    /// A store another process has upgraded to a newer schema (a newer `dso-server` ran
    /// against it) is not ready for this release.
    ///
    /// On PostgreSQL, the same questions of `dso_migrations` (``PostgresSchema/state(in:)``).
    public func readiness() async -> Readiness {
        let migrator = CentralStore.migrator
        do {
            if case .postgres(let engine) = backend {
                let state = try await engine.read { session in try PostgresSchema.state(in: session) }
                if !state.unknown.isEmpty { return Readiness(problem: "the store was upgraded by a newer dso-server; upgrade this server") }
                if !state.missing.isEmpty { return Readiness(problem: "the store's schema is behind; run `dso-server migrate --store`") }
                return Readiness(problem: nil)
            }
            return try await pool.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    return Readiness(problem: "the store was upgraded by a newer dso-server; upgrade this server")
                }
                if try !migrator.hasCompletedMigrations(db) {
                    return Readiness(problem: "the store's schema is behind; run `dso-server migrate`")
                }
                return Readiness(problem: nil)
            }
        } catch {
            return Readiness(problem: "the store does not answer: \(error)")
        }
    }

    /// The bytes the store takes on disk: the database file and its write-ahead log (on
    /// PostgreSQL, the database's size, `pg_database_size(current_database())`).
    public func sizeOnDisk() -> Int64 {
        guard let path else {
            let size = try? backend.readNow { db in try db.value("SELECT pg_database_size(current_database())", as: Int64.self) }
            return (size ?? nil) ?? 0
        }
        return [path, path + "-wal"].reduce(Int64(0)) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }
}
