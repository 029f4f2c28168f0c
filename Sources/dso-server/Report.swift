import ArgumentParser
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
            The same rules as `dso report` on a replica: a manager's full replica prints the same figures. Reads only; safe while the server runs. Amounts in different currencies are never added: each figure is per currency.
            """,
        subcommands: [AgingReportCommand.self, StatusReportCommand.self, DSOReportCommand.self, CEIReportCommand.self,
                      PaymentProfileReportCommand.self, TrendReportCommand.self, ReceiptsReportCommand.self])
}

struct AgingReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging",
        abstract: "Open amounts by days past due: per customer, collector and currency, with overdue %.",
        discussion: """
            Buckets by days past due on the report date: not due (0 or less), 1-30, 31-60, 61-90, 91+. Credit notes and unallocated payments keep their sign and are aged by their own due date, so the buckets add up to the balance. Overdue % = overdue (1 day or more) / total open.

            --as-of a past date: the items open that day (issued by then, not yet cleared), with the amounts open that day (payments made since added back).

            The table rounds amounts (12.3k, 1.24M) and shows, per currency, the 20 customers with the largest overdue (--all: every one); --csv and --json carry every line with exact amounts.

            Examples:
              dso-server report aging
              dso-server report aging --as-of 2026-09-30 --collector alice
              dso-server report aging --csv > aging.csv
            """)

    @OptionGroup var report: ReportOptions
    @Flag(help: "List every customer in the table, not only the 20 with the largest overdue.") var all = false
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let aging = try store.agingReport(asOf: try report.date(), filter: report.filter)
            if json { return try printJSON(aging, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(aging.csv(), terminator: "") }
            print(aging.text(customers: all ? nil : 20, width: wide ? nil : Terminal.width))
        }
    }
}

struct StatusReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Overdue by status type and status, and the % qualified overdue, by amount and by count.",
        discussion: """
            Overdue invoices: open amount above zero, 1 day or more past due on the report date. % qualified overdue = the overdue of items that have a current status / all overdue; never-qualified overdue shows as [none].

            --as-of a past date: the items open that day, each with the status recorded by then (by the day, UTC, of the qualification's clock).

            Examples:
              dso-server report status
              dso-server report status --currency EUR --csv > status.csv
            """)

    @OptionGroup var report: ReportOptions
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let status = try store.statusReport(asOf: try report.date(), filter: report.filter)
            if json { return try printJSON(status, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(status.csv(), terminator: "") }
            print(status.text(width: wide ? nil : Terminal.width))
        }
    }
}

extension ReportOptions {
    /// Refuses a `--customer` the store does not hold (an empty report would hide the typo).
    func checkCustomer(in store: CentralStore) throws {
        if let code = customer, try store.customer(code: code) == nil {
            throw ValidationError("--customer: no customer '\(code)' in the store (codes are exact, e.g. C0001)")
        }
    }
}

struct DSOReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso",
        abstract: "Days sales outstanding per month: standard and count-back, current and overdue, best possible and ADD.",
        discussion: """
            Per currency, one line per month, oldest first; the month holding the report date ends on that date. For each month: receivables at its end (everything open then, credit notes and unallocated payments netted), credit sales of the month (invoices issued less credit notes issued), and:
              DSO (standard)  receivables / the month's sales x the month's calendar days
              count-back      from the month's end, walk back month by month: while the receivables left cover that month's sales, take them off and add its days; then add the fraction left of the first month they do not cover (at most 36 months back)
              current         the count-back of the receivables not yet due; overdue = count-back - current
              best            receivables not yet due / sales x days (standard); ADD = DSO - best
            A figure that would divide by no sales shows as -. DSO needs the sales history: `dso-server import history` loads invoices already paid.

            Examples:
              dso-server report dso
              dso-server report dso --months 6 --collector alice --csv > dso.csv
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: ArgumentHelp("Months to show, ending with the one holding the report date (1-36).", valueName: "N")) var months = 12
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
        guard (1...36).contains(months) else { throw ValidationError("--months must be 1-36") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let dso = try store.dsoReport(asOf: try report.date(), months: months, filter: report.filter)
            if json { return try printJSON(dso, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(dso.csv(), terminator: "") }
            print(dso.text(width: wide ? nil : Terminal.width))
        }
    }
}

struct CEIReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cei",
        abstract: "Collection effectiveness index over a period of N months, and month by month.",
        discussion: """
            CEI = (opening receivables + S - closing total receivables) / (opening receivables + S - closing receivables not yet due) x 100, with S = the period's credit sales / its number of months (the monthly average). The period is the --months months ending with the one holding the report date: opening = receivables at the end of the month before it, closing = on the report date. Each month is also shown as its own one-month period. 100 % means everything collectible was collected. Needs the sales history (`dso-server import history`).

            Example:
              dso-server report cei --months 6 --collector alice
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: ArgumentHelp("Months in the period, ending with the one holding the report date (1-36).", valueName: "N")) var months = 3
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
        guard (1...36).contains(months) else { throw ValidationError("--months must be 1-36") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let cei = try store.ceiReport(asOf: try report.date(), months: months, filter: report.filter)
            if json { return try printJSON(cei, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(cei.csv(), terminator: "") }
            print(cei.text(width: wide ? nil : Terminal.width))
        }
    }
}

struct PaymentProfileReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payment-profile",
        abstract: "Each customer's amount-weighted average payment delay over six months, and its band.",
        discussion: """
            Average payment delay of a customer = sum of amount x max(0, payment date - due date) / sum of amount, over its invoices cleared in the six months before the report date (an invoice paid early counts as 0 days). Bands: up to 5 days, 6-30, 31-60, over 60 (fixed in this release). The payment date is the clearing date: a history file's payment_date, or the date an import cleared the item. Slowest payers first; the table shows 20 (--all: every one).

            Example:
              dso-server report payment-profile --csv > profile.csv
            """)

    @OptionGroup var report: ReportOptions
    @Flag(help: "List every customer, not only the 20 slowest payers.") var all = false
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let profile = try store.paymentProfileReport(asOf: try report.date(), filter: report.filter)
            if json { return try printJSON(profile, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(profile.csv(), terminator: "") }
            print(profile.text(customers: all ? nil : 20, width: wide ? nil : Terminal.width))
        }
    }
}

struct TrendReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Overdue amount and overdue rate (all, 30+, 60+, 90+) by month or week.",
        discussion: """
            At the end of each period, per currency: the open amount, the overdue (1 day or more past due) and the overdue by more than 30, 60 and 90 days, with their rates of the open amount, and a sparkline of the overdue rate. --by month: calendar months, the last ending on the report date; --by week: runs of 7 days ending on the report date's weekday. Past days use the items open then, with the amounts open then.

            Example:
              dso-server report trend --by week --periods 8
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: "Periods: day, week or month.") var by: ReportStep = .month
    @Option(help: ArgumentHelp("How many periods, ending on the report date (1-400).", valueName: "N")) var periods = 12
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
        guard (1...400).contains(periods) else { throw ValidationError("--periods must be 1-400") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let result = try store.trendReport(asOf: try report.date(), step: by, periods: periods, filter: report.filter)
            if json { return try printJSON(result, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(result.csv(), terminator: "") }
            print(result.text(width: wide ? nil : Terminal.width))
        }
    }
}

struct ReceiptsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Cash received by day, week or month, from payments and clearings.",
        discussion: """
            Per currency and period: the payments recorded against items, plus, for an invoice cleared with no payment covering it, what was left open when it cleared (received on its clearing day). Credit notes and unallocated payments clearing are not cash. --by day or week: runs ending on the report date; --by month: calendar months.

            Example:
              dso-server report receipts --by month --periods 6
            """)

    @OptionGroup var report: ReportOptions
    @Option(help: "Periods: day, week or month.") var by: ReportStep = .week
    @Option(help: ArgumentHelp("How many periods, ending on the report date (1-400).", valueName: "N")) var periods = 12
    @Flag(help: "Print the report as JSON (amounts in minor units with their currency).") var json = false
    @Flag(help: "Print tables in full, however wide.") var wide = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if json && report.csv { throw ValidationError("choose one of --json and --csv") }
        guard (1...400).contains(periods) else { throw ValidationError("--periods must be 1-400") }
    }

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try report.checkCustomer(in: store)
            let result = try store.receiptsReport(asOf: try report.date(), step: by, periods: periods, filter: report.filter)
            if json { return try printJSON(result, encoder: WireJSON.encoder(pretty: true)) }
            if report.csv { return print(result.csv(), terminator: "") }
            print(result.text(width: wide ? nil : Terminal.width))
        }
    }
}

extension ReportStep: ExpressibleByArgument {}
