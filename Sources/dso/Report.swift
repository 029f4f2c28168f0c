import ArgumentParser
import DSOCharts
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The credit team's reports, offline, for the portfolio this replica holds.",
        discussion: """
            Computed on this device from the replica, by the same rules as `dso-server report`: a manager's full replica prints the same figures as the server. Amounts in different currencies are never added: each figure is per currency. Every report takes --as-of, --collector, --customer, --currency, --in, --csv, --svg and --json.
            """,
        subcommands: ReportCommands.all(ReplicaReport.self))
}

/// What every `dso report` subcommand shares: the replica, the options, the output.
struct ReplicaReport: ReportContext {
    static let program = "dso"

    @OptionGroup var report: ReportOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws { try report.validate(json: global.json) }

    /// The replica, with `--collector` checked against the collectors it knows.
    func open() throws -> Replica {
        let replica = try global.open()
        if let collector = report.collector { try CollectorFilter.check(collector, in: replica) }
        return replica
    }

    func show<R: Encodable & ChartableReport>(_ value: R, csv: () -> String, text: (Int?) -> String) throws {
        try report.show(value, json: global.json, encoder: jsonEncoder, csv: csv) { text(global.width) }
    }

    static func reporting(_ body: () async throws -> Void) async throws { try await dso.reporting(body) }
}
