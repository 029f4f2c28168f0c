import ArgumentParser
import DSOCharts
import DSOModel

/// What every `report` subcommand of a program shares: where the reports run, their options,
/// how a report is shown and how a failure is told. `dso` runs them on a replica, `dso-server`
/// on the store; the subcommands below are written once for both.
public protocol ReportContext: ParsableArguments {
    associatedtype Source: ReportSource
    /// The program's name, in the examples of `--help`.
    static var program: String { get }
    var report: ReportOptions { get }
    /// The store or replica, with the filter's collector or customer checked.
    func open() throws -> Source
    func show<R: Encodable & ChartableReport>(_ value: R, csv: () -> String, text: (Int?) -> String) throws
    /// Runs a command body, failures as one line and a meaningful exit code.
    static func reporting(_ body: () async throws -> Void) async throws
}

/// The `report` subcommands, in the order `--help` lists them.
public enum ReportCommands {
    public static func all<Context: ReportContext>(_ context: Context.Type) -> [any ParsableCommand.Type] {
        [AgingReportCommand<Context>.self, StatusReportCommand<Context>.self, DSOReportCommand<Context>.self,
         CEIReportCommand<Context>.self, ReceiptsReportCommand<Context>.self, TrendReportCommand<Context>.self,
         PaymentProfileReportCommand<Context>.self, DisputesReportCommand<Context>.self, PromisesReportCommand<Context>.self,
         ForecastReportCommand<Context>.self, ActivityReportCommand<Context>.self]
    }
}

struct AgingReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.aging.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @Flag(help: "List every customer in the table, not only the 20 with the largest overdue.") var all = false

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().agingReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(customers: all ? nil : 20, width: $0) }
        }
    }
}

struct StatusReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.status.configuration(program: Context.program) }
    @OptionGroup var options: Context

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().statusReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct DSOReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.dso.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().dsoReport(asOf: try options.report.date(), months: months.months ?? 12, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct CEIReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.cei.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().ceiReport(asOf: try options.report.date(), months: months.months ?? 3, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ReceiptsReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.receipts.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var periods: PeriodOptions

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().receiptsReport(asOf: try options.report.date(), step: periods.by ?? .week, periods: periods.periods,
                                                      filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct TrendReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.trend.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var periods: PeriodOptions

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().trendReport(asOf: try options.report.date(), step: periods.by ?? .month, periods: periods.periods,
                                                   filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct PaymentProfileReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.paymentProfile.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @Flag(help: "List every customer, not only the 20 slowest payers.") var all = false

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().paymentProfileReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(customers: all ? nil : 20, width: $0) }
        }
    }
}

struct DisputesReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.disputes.configuration(program: Context.program) }
    @OptionGroup var options: Context

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().disputesReport(asOf: try options.report.date(), filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct PromisesReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.promises.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var months: MonthsOption

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().promisesReport(asOf: try options.report.date(), months: months.months ?? 3, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ForecastReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.forecast.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @Option(help: ArgumentHelp("Weeks to forecast from the report date (1-104).", valueName: "N")) var weeks = 8

    func validate() throws {
        guard (1...104).contains(weeks) else { throw ValidationError("--weeks must be 1-104") }
    }

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().forecastReport(asOf: try options.report.date(), weeks: weeks, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}

struct ActivityReportCommand<Context: ReportContext>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { ReportHelp.activity.configuration(program: Context.program) }
    @OptionGroup var options: Context
    @OptionGroup var days: DaysOption

    func validate() throws { try days.refuseCurrency(options.report) }

    func run() async throws {
        try await Context.reporting {
            let r = try options.open().activityReport(asOf: try options.report.date(), days: days.days, filter: options.report.filter)
            try options.show(r, csv: r.csv) { r.text(width: $0) }
        }
    }
}
