import ArgumentParser
import DSOSync
import DSOTerminal
import Foundation

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Push your pending work, then pull what changed on the server.",
        discussion: "Safe to interrupt and re-run: nothing is sent or applied twice.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            guard let account = try replica.account(), let token = try replica.token() else { throw ReplicaError.notAttached }
            let transport = try HTTPTransport(server: account.server, trustedCAFile: account.caFile)
            do {
                let report = try await replica.sync(client: SyncClient(transport: transport, token: token),
                                                    progress: SyncProgressPrinter.print)
                try await transport.shutdown()
                if global.json { return try printJSON(report, encoder: jsonEncoder) }
                var line = "Pushed \(report.pushed) change(s)"
                if report.rejected > 0 { line += ", \(report.rejected) rejected (see `dso status`)" }
                line += "; pulled \(report.pulled) change(s)."
                print(report.rejected > 0 ? Style.yellow.apply(line) : line)
            } catch {
                try? await transport.shutdown()
                throw error
            }
        }
    }
}
