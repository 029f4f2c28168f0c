import ArgumentParser
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
    @Flag(help: "Print the report as CSV, every line, exact decimal amounts.")
    public var csv = false

    public init() {}

    public func validate() throws {
        if let asOf, BusinessDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        if let currency, CurrencyCode(currency) == nil { throw ValidationError("--currency '\(currency)' is not a currency code (EUR, USD…)") }
    }

    /// The report date: `--as-of`, or today. A date after today is refused.
    public func date(today: BusinessDate = .today()) throws -> BusinessDate {
        guard let asOf else { return today }
        guard let date = BusinessDate(asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        guard date <= today else { throw ValidationError("--as-of \(asOf) is in the future; reports look at today or the past") }
        return date
    }

    public var filter: ReportFilter {
        ReportFilter(collector: collector, customer: customer, currency: currency.flatMap(CurrencyCode.init))
    }
}
