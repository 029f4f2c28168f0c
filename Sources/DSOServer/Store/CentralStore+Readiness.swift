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
    public func readiness() async -> Readiness {
        let migrator = CentralStore.migrator
        do {
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

    /// The bytes the store takes on disk: the database file and its write-ahead log.
    public func sizeOnDisk() -> Int64 {
        [path, path + "-wal"].reduce(Int64(0)) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }
}
