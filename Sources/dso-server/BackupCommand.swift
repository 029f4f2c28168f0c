import ArgumentParser
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the central store into a new file, while the server keeps serving.",
        discussion: """
            The copy is the store as of one commit (SQLite's online backup, one read transaction), in a single file readable by its owner only. Pushes and imports go on meanwhile. An existing FILE is never overwritten.

              dso-server backup --to /backups/dso-$(date +%F).sqlite --data DIR

            Put it back with `dso-server restore --from FILE` (server stopped). A PostgreSQL store is backed up with pg_dump (see the README).
            """)

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp("The backup file to create.", valueName: "FILE"))
    var to: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        try await reporting {
            if let location = try data.postgresLocation() {
                throw Failure("a PostgreSQL store is backed up with PostgreSQL's tools: pg_dump -Fc -h \(location.host) -p \(location.port) -U \(location.user) -f FILE \(location.database)")
            }
            let store = try data.openExistingStore()
            let destination = URL(fileURLWithPath: to).standardizedFileURL
            let summary: BackupSummary
            do {
                summary = try store.backup(to: destination)
            } catch let error as BackupError {
                throw Failure(error.description)
            }
            if json {
                try printJSON(summary, encoder: WireJSON.encoder(pretty: true))
            } else {
                say("Backed up the store to \(summary.file): \(ByteCountFormatter.string(fromByteCount: summary.bytes, countStyle: .file)), changes up to #\(summary.head).")
            }
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in place of the central store (stop the server first).",
        discussion: """
            The backup is checked before anything is touched; the store it replaces is renamed central.sqlite.replaced-<time>, never deleted. Start the server again afterwards.

            Replicas that synced before the backup was taken continue. Those that pulled changes the backup does not hold are answered "invalid cursor": `dso sync` tells their users to run `dso repair`, which downloads the store again and resends the work it lost.

              dso-server restore --from /backups/dso-2026-12-06.sqlite --data DIR
            """)

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp("The backup file made by `dso-server backup`.", valueName: "FILE"))
    var from: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        try await reporting {
            try ServeLock.ensureNotServed(data.directory)
            let summary: BackupSummary
            do {
                summary = try CentralStore.restore(from: URL(fileURLWithPath: from).standardizedFileURL, into: data.directory)
            } catch let error as BackupError {
                throw Failure(error.description)
            }
            if json {
                try printJSON(summary, encoder: WireJSON.encoder(pretty: true))
            } else {
                say("Restored \(summary.file) into \(data.directory.path): changes up to #\(summary.head).")
                if let kept = summary.replacedStoreKeptAt { say("The store it replaced is kept at \(kept).") }
                say("Start the server again: dso-server serve --data \(data.directory.path)")
            }
        }
    }
}
