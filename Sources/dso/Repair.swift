import ArgumentParser
import DSOSync
import DSOTerminal
import Foundation

struct Repair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild this replica from a fresh download, keeping every change not yet synced.",
        discussion: """
            For a replica that can no longer continue: a damaged file (`dso` says so and points here), or a server that no longer recognises it (its store was restored from a backup). `dso sync` already downloads anew when the server refuses the replica's position; `dso repair` does it for a file that cannot be read as it is.

            What it does:
              1. reads back what it can of the file: your account, your unsynced changes, your work the server returned, and your work it had acknowledged;
              2. moves the file aside (REPLICA.before-repair-TIME: it is never deleted);
              3. downloads your portfolio into a new file, puts your work back on top, and pushes what the server lacks (it answers "duplicate" for the rest).

            Needs the network. Exit codes: 0 repaired; 1 refused (the account cannot be read back: run `dso init` again; the old file stays); 69 server unreachable (the new file keeps your work pending: run `dso sync`).
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(retry: "dso sync") {
            let (replica, report) = try await Replica.repair(path: global.replicaPath, progress: SyncProgressPrinter.print)
            Terminal.endProgress()
            if global.json { return try printJSON(report, encoder: jsonEncoder) }
            let status = try replica.status()
            print("Repaired \(global.replicaPath): downloaded \(status.customers) customers and \(status.openItems) open items.")
            print("Put back \(report.replayed) unsynced change(s); resent \(report.resent) the server had acknowledged.")
            print("Pushed: \(report.sync.accepted) accepted, \(report.sync.rejected) rejected; \(report.returned) returned fact(s) kept.")
            print("The old file is kept: \(report.keptAt)")
            if report.sync.rejected > 0 { throw ExitCode(1) }
        }
    }
}
