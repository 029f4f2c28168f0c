import ArgumentParser
import DSOCharts
import DSOModel
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The credit team's reports over the whole store.",
        discussion: """
            The same rules as `dso report` on a replica: a manager's full replica prints the same figures. Reads only; safe while the server runs. Amounts in different currencies are never added: each figure is per currency. Every report takes --as-of, --collector, --customer, --currency, --in, --csv, --svg and --json.
            """,
        subcommands: ReportCommands.all(StoreReport.self))
}

/// What every `dso-server report` subcommand shares: the store, the options, the output.
struct StoreReport: ReportContext {
    static let program = "dso-server"

    @OptionGroup var report: ReportOptions
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws { try report.validate(json: json) }

    /// The existing store, with `--customer` checked (an empty report would hide a typo).
    func open() throws -> CentralStore {
        let store = try data.openExistingStore()
        if let code = report.customer, try store.customer(code: code) == nil {
            throw ValidationError("--customer: no customer '\(code)' in the store (codes are exact, e.g. C0001)")
        }
        return store
    }

    func show<R: Encodable & ChartableReport>(_ value: R, csv: () -> String, text: (Int?) -> String) throws {
        try report.show(value, json: json, encoder: WireJSON.encoder(pretty: true), csv: csv) { text(wide ? nil : Terminal.width) }
    }

    static func reporting(_ body: () async throws -> Void) async throws { try await dso_server.reporting(body) }
}
