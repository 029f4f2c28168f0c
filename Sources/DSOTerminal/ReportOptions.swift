import ArgumentParser
import DSOCharts
import DSOModel
import Foundation

/// The options every report takes, in `dso report` and `dso-server report` alike (each CLI adds
/// its own `--json`).
public struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Report date (YYYY-MM-DD, default today); a past date uses the items open then, with the amounts open then.",
                               valueName: "DATE"))
    public var asOf: String?
    @Option(help: ArgumentHelp("Only this collector's customers.", valueName: "LOGIN"))
    public var collector: String?
    @Option(help: ArgumentHelp("Only this customer.", valueName: "CODE"))
    public var customer: String?
    @Option(help: ArgumentHelp("Only amounts in this currency (amounts in different currencies are never added).", valueName: "CUR"))
    public var currency: String?
    @Option(name: .customLong("in"),
            help: ArgumentHelp("Convert every amount into this currency at the rates of `dso-server import rates` (each currency's latest on or before the report date; the report says which).",
                               valueName: "CUR"))
    public var convertTo: String?
    @Flag(help: "Print the report as CSV, every line, exact decimal amounts.")
    public var csv = false
    @Option(help: ArgumentHelp("Also write the report's chart to FILE as SVG (one panel per currency; created 0600).", valueName: "FILE"))
    public var svg: String?

    public init() {}

    public func validate() throws {
        if let asOf, BusinessDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        if let currency, CurrencyCode(currency) == nil { throw ValidationError("--currency '\(currency)' is not a currency code (EUR, USD…)") }
        if let convertTo, CurrencyCode(convertTo) == nil { throw ValidationError("--in '\(convertTo)' is not a currency code (EUR, USD…)") }
        if currency != nil && convertTo != nil {
            throw ValidationError("choose one of --currency (keep one currency) and --in (convert every currency into one)")
        }
    }

    /// The report date: `--as-of`, or today. A date after today is refused.
    public func date(today: BusinessDate = .today()) throws -> BusinessDate {
        guard let asOf else { return today }
        guard let date = BusinessDate(asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        guard date <= today else { throw ValidationError("--as-of \(asOf) is in the future; reports look at today or the past") }
        return date
    }

    public var filter: ReportFilter {
        ReportFilter(collector: collector, customer: customer, currency: currency.flatMap(CurrencyCode.init),
                     convertedTo: convertTo.flatMap(CurrencyCode.init))
    }

    /// Refuses `--json` with `--csv` (the CLI's own `--json`).
    public func validate(json: Bool) throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
    }

    /// Prints a report as JSON, CSV or the table for people, as the options ask, after writing
    /// its chart to the `--svg` file, if any (said on standard error).
    public func show<Report: Encodable & ChartableReport>(_ report: Report, json: Bool, encoder: JSONEncoder, csv makeCSV: () -> String,
                                                          text: () -> String) throws {
        if let svg {
            try PrivateOutput.write(report.chart.svg(), to: svg)
            FileHandle.standardError.write(Data("Chart written to \(svg)\n".utf8))
        }
        if json { return try printJSON(report, encoder: encoder) }
        if csv { return print(makeCSV(), terminator: "") }
        print(text())
    }
}

extension ReportStep: ExpressibleByArgument {}

/// The options of the reports that step through periods.
public struct PeriodOptions: ParsableArguments {
    @Option(help: "Periods: day, week or month (receipts: week by default; trend: month).") public var by: ReportStep?
    @Option(help: ArgumentHelp("How many periods, ending on the report date (1-400).", valueName: "N")) public var periods = 12

    public init() {}

    public func validate() throws {
        guard (1...400).contains(periods) else { throw ValidationError("--periods must be 1-400") }
    }
}

/// `--months N` of the monthly reports.
public struct MonthsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Months, ending with the one holding the report date (1-36; dso: 12 by default, cei and promises: 3).", valueName: "N"))
    public var months: Int?

    public init() {}

    public func validate() throws {
        if let months, !(1...36).contains(months) { throw ValidationError("--months must be 1-36") }
    }
}

/// `--days N` of the activity report.
public struct DaysOption: ParsableArguments {
    @Option(help: ArgumentHelp("Days in the period, ending on the report date (1-366).", valueName: "N"))
    public var days = 30

    public init() {}

    public func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1-366") }
    }

    /// Activity is counted, not summed: `--currency` and `--in` have nothing to act on.
    public func refuseCurrency(_ report: ReportOptions) throws {
        if report.currency != nil || report.convertTo != nil {
            throw ValidationError("--currency and --in do not apply to activity (it counts work, not amounts); leave them out")
        }
    }
}
