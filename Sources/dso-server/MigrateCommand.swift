import ArgumentParser
import DSOServer
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the central store, or upgrade its schema to this release.",
        discussion: """
            Without --store, the SQLite store of the data directory (created if missing; `serve` also upgrades it when it starts).

            With --store, a PostgreSQL database: it must exist and the user must be allowed to create tables in it. Several servers may run this at once: the schema is created once. The password comes from the URL or from PGPASSWORD, and is never printed.

              createdb -h db.example.com -U dso dso
              PGPASSWORD=... dso-server migrate --store postgres://dso@db.example.com:5432/dso
            """)

    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reporting {
            if let location = try data.postgresLocation() {
                let applied: [String]
                do {
                    applied = try await PostgresStoreSetup.migrate(location)
                } catch let error as StoreUnavailable {
                    throw Failure("\(location.redacted): \(error.description); check that PostgreSQL runs and the URL, then run again", exitCode: 69)
                }
                say(applied.isEmpty ? "The store at \(location.redacted) is up to date."
                                    : "Migrated the store at \(location.redacted): \(applied.joined(separator: ", ")).")
            } else {
                _ = try data.openStore()
                say("The store in \(data.directory.path) is up to date.")
            }
        }
    }
}
