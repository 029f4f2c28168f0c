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
            Computed on this device from the replica, by the same rules as `dso-server report`: a manager's full replica prints the same figures as the server. Amounts in different currencies are never added: each figure is per currency. Every report takes --as-of, --collector, --customer, --currency, --csv and --json.
            """,
        subcommands: [AgingReportCommand.self, StatusReportCommand.self, DSOReportCommand.self, CEIReportCommand.self,
                      ReceiptsReportCommand.self, TrendReportCommand.self, PaymentProfileReportCommand.self,
                      DisputesReportCommand.self, PromisesReportCommand.self, ForecastReportCommand.self,
                      ActivityReportCommand.self])
}

/// What every `dso report` subcommand shares: the replica, the options, the output.
struct ReplicaReport: ParsableArguments {
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
}

struct AgingReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.aging.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @Flag(help: "List every customer in the table, not only the 20 with the largest overdue.") var all = false

    func run() async throws {
        try await reporting {
            let r = try options.open().agingReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(customers: all ? nil : 20, width: $0) }
        }
    }
}

struct StatusReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.status.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport

    func run() async throws {
        try await reporting {
            let r = try options.open().statusReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct DSOReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.dso.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await reporting {
            let r = try options.open().dsoReport(asOf: try options.report.date(), months: months.months ?? 12, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct CEIReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.cei.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await reporting {
            let r = try options.open().ceiReport(asOf: try options.report.date(), months: months.months ?? 3, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ReceiptsReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.receipts.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var periods: PeriodOptions

    func run() async throws {
        try await reporting {
            let r = try options.open().receiptsReport(asOf: try options.report.date(), step: periods.by ?? .week, periods: periods.periods,
                                                      filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct TrendReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.trend.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var periods: PeriodOptions

    func run() async throws {
        try await reporting {
            let r = try options.open().trendReport(asOf: try options.report.date(), step: periods.by ?? .month, periods: periods.periods,
                                                   filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct PaymentProfileReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.paymentProfile.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @Flag(help: "List every customer, not only the 20 slowest payers.") var all = false

    func run() async throws {
        try await reporting {
            let r = try options.open().paymentProfileReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(customers: all ? nil : 20, width: $0) }
        }
    }
}

struct DisputesReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.disputes.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport

    func run() async throws {
        try await reporting {
            let r = try options.open().disputesReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct PromisesReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.promises.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await reporting {
            let r = try options.open().promisesReport(asOf: try options.report.date(), months: months.months ?? 3, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ForecastReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.forecast.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @Option(help: ArgumentHelp("Weeks to forecast from the report date (1-104).", valueName: "N")) var weeks = 8

    func validate() throws {
        guard (1...104).contains(weeks) else { throw ValidationError("--weeks must be 1-104") }
    }

    func run() async throws {
        try await reporting {
            let r = try options.open().forecastReport(asOf: try options.report.date(), weeks: weeks, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ActivityReportCommand: AsyncParsableCommand {
    static let configuration = ReportHelp.activity.configuration(program: "dso")
    @OptionGroup var options: ReplicaReport
    @OptionGroup var days: DaysOption

    func validate() throws { try days.refuseCurrency(options.report) }

    func run() async throws {
        try await reporting {
            let r = try options.open().activityReport(asOf: try options.report.date(), days: days.days, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}
