import ArgumentParser
import DSOSync
import DSOTerminal
import Foundation

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Push your pending work, then pull what changed on the server.",
        discussion: """
            Safe to interrupt and re-run: nothing is sent or applied twice. It also finishes a first download that was interrupted.

            A server that cannot be reached is reported within seconds (exit 69); a connection lost during the transfer is retried, and the progress line says so. Work the server refused is listed by `dso status`, and the command then exits 1.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.openAttached()
            guard let account = try replica.account(), let token = try replica.token() else { throw ReplicaError.notAttached }
            let transport = try serverTransport(servers: account.servers, trustedCAFile: account.caFile)
            let report: SyncReport
            do {
                report = try await replica.sync(client: SyncClient(transport: transport, token: token), progress: SyncProgressPrinter.print)
                Terminal.endProgress()
                try await transport.shutdown()
            } catch {
                try? await transport.shutdown()
                throw error
            }
            if global.json {
                try printJSON(report, encoder: jsonEncoder)
            } else {
                var line = "Pushed \(report.pushed) change(s)"
                if report.rejected > 0 { line += ", \(report.rejected) rejected (see `dso status`)" }
                line += "; pulled \(report.pulled) change(s)."
                if report.rebootstrapped { line += " Your portfolio was downloaded anew (the server no longer knew this replica's position)." }
                print(report.rejected > 0 ? Style.yellow.apply(line) : line)
            }
            if report.rejected > 0 { throw ExitCode(1) }
        }
    }
}
