import ArgumentParser
import Foundation

/// The reports both CLIs offer, with the help each one prints (the same text in `dso report`
/// and `dso-server report`, examples named for the program).
public enum ReportHelp: String, CaseIterable, Sendable {
    case aging, status, dso, cei, receipts, trend, disputes, promises, forecast
    case paymentProfile = "payment-profile"
    case activity

    /// The subcommand's configuration for `program` (`dso` or `dso-server`).
    public func configuration(program: String) -> CommandConfiguration {
        CommandConfiguration(commandName: rawValue, abstract: abstract,
                             discussion: discussion + "\n\nExamples:\n" + examples.map { "  \(program) report \(rawValue) \($0)".trimmingCharacters(in: .whitespaces) }.joined(separator: "\n"))
    }

    public var abstract: String {
        switch self {
        case .aging: "Open amounts by days past due: per customer, collector and currency, with overdue %."
        case .status: "Overdue by status type and status, and the % qualified overdue, by amount and by count."
        case .dso: "Days sales outstanding per month: standard and count-back, current and overdue, best possible and ADD."
        case .cei: "Collection effectiveness index over a period of N months, and month by month."
        case .receipts: "Cash received by day, week or month, from payments and clearings."
        case .trend: "Overdue amount and overdue rate (all, 30+, 60+, 90+) by month or week."
        case .paymentProfile: "Each customer's amount-weighted average payment delay over six months, and its band."
        case .disputes: "Open and closed disputes by dispute status: count, amount, days to resolve, oldest open."
        case .promises: "Promises due in the period: kept, partially kept, broken, pending; the broken-promise rate."
        case .forecast: "Expected cash by week from promises, dispute resolution times and payment delays."
        case .activity: "Per collector: actions done and late, qualifications, promises, disputes; each replica's last sync."
        }
    }

    var examples: [String] {
        switch self {
        case .aging: ["", "--as-of 2026-09-30 --currency EUR", "--collector alice --csv > aging.csv"]
        case .status: ["", "--collector alice --csv > status.csv"]
        case .dso: ["", "--months 6 --currency EUR --csv > dso.csv"]
        case .cei: ["--months 6"]
        case .receipts: ["--by month --periods 6"]
        case .trend: ["--by week --periods 8"]
        case .paymentProfile: ["--collector alice"]
        case .disputes: ["", "--as-of 2026-10-31 --csv > disputes.csv"]
        case .promises: ["--months 1"]
        case .forecast: ["", "--weeks 12 --currency EUR --csv > forecast.csv"]
        case .activity: ["", "--days 7 --collector alice"]
        }
    }

    var discussion: String {
        let past = "--as-of a past date: the items open that day (issued by then, not yet cleared), with the amounts open that day (payments made since added back)."
        let history = "Needs the sales history: `dso-server import history` loads invoices already paid."
        switch self {
        case .aging:
            return """
                Buckets by days past due on the report date: not due (0 or less), 1-30, 31-60, 61-90, 91+. Credit notes and unallocated payments keep their sign and are aged by their own due date, so the buckets add up to the balance. Overdue % = overdue (1 day or more) / total open.

                \(past)

                The table rounds amounts (12.3k, 1.24M) and shows, per currency, the 20 customers with the largest overdue (--all: every one); --csv and --json carry every line with exact amounts.
                """
        case .status:
            return """
                Overdue invoices: open amount above zero, 1 day or more past due on the report date. % qualified overdue = the overdue of items that have a current status / all overdue; never-qualified overdue shows as [none]. On a replica, work not yet synced counts: it is the item's current status there.

                --as-of a past date: the items open that day, each with the status recorded by then (by the day, UTC, of the qualification's clock).
                """
        case .dso:
            return """
                Per currency, one line per month, oldest first; the month holding the report date ends on that date. For each month: receivables at its end (everything open then, credit notes and unallocated payments netted), credit sales of the month (invoices issued less credit notes issued), and:
                  DSO (standard)  receivables / the month's sales x the month's calendar days
                  count-back      from the month's end, walk back month by month: while the receivables left cover that month's sales, take them off and add its days; then add the fraction left of the first month they do not cover (at most 36 months back)
                  current         the count-back of the receivables not yet due; overdue = count-back - current
                  best            receivables not yet due / sales x days (standard); ADD = DSO - best
                A figure that would divide by no sales shows as -. \(history)
                """
        case .cei:
            return """
                CEI = (opening receivables + S - closing total receivables) / (opening receivables + S - closing receivables not yet due) x 100, with S = the period's credit sales / its number of months (the monthly average). The period is the --months months ending with the one holding the report date: opening = receivables at the end of the month before it, closing = on the report date. Each month is also shown as its own one-month period. 100 % means everything collectible was collected. \(history)
                """
        case .receipts:
            return """
                Per currency and period: the payments recorded against items, plus, for an invoice cleared with no payment covering it, what was left open when it cleared (received on its clearing day). Credit notes and unallocated payments clearing are not cash. --by day or week: runs ending on the report date; --by month: calendar months, the last ending on the report date.
                """
        case .trend:
            return """
                At the end of each period, per currency: the open amount, the overdue (1 day or more past due) and the overdue by more than 30, 60 and 90 days, with their rates of the open amount, and a sparkline of the overdue rate. --by month: calendar months, the last ending on the report date; --by week: runs of 7 days ending on the report date's weekday. \(past)
                """
        case .disputes:
            return """
                Per currency, one line per dispute status (the status that opened the dispute; a dispute moved to another dispute status stays under the one that opened it): disputes open on the report date and their amount, disputes closed by then and theirs, mean and median days to resolve (closing - opening, closed ones) and the age of the oldest open one. A dispute's amount is what its items had open on the day it opened. --as-of a past date: the disputes as the facts recorded by then describe them.
                """
        case .promises:
            return """
                Promises whose due day (promised date + the central grace days) falls in the --months months ending with the one holding the report date (3 by default), through the report date, plus those still within their grace days (pending). Kept: paid in full, or every item cleared, by the due day; partially kept: some paid; broken: nothing paid. A promise replaced by a newer qualification before it came due is not counted. Broken rate = broken / (kept + partially kept + broken) by count, and unpaid / promised by amount.
                """
        case .forecast:
            return """
                Per currency, for the open invoices on the report date: an item with a pending promise is expected on the promised date, for the promised amount; an item in an open dispute on its due date + the mean days to resolve of that dispute status (closed disputes in the report's scope) + the customer's average payment delay (payment-profile); an item in litigation is left out; any other open item on its due date + the customer's average payment delay. An expected date already past while the item is still open is "off forecast"; one after the last week is "later". Weeks run 7 days from the report date (--weeks, 8 by default). Credit notes and unallocated payments are not forecast.
                """
        case .paymentProfile:
            return """
                Average payment delay of a customer = sum of amount x max(0, payment date - due date) / sum of amount, over its invoices cleared in the six months before the report date (an invoice paid early counts as 0 days). Bands: up to 5 days, 6-30, 31-60, over 60 (fixed in this release). The payment date is the clearing date: a history file's payment_date, or the date an import cleared the item. Slowest payers first; the table shows 20 (--all: every one). \(history)
                """
        case .activity:
            return """
                Over the --days days ending on the report date (30 by default), per collector: actions done (their done date), qualifications recorded (refused ones left out), promises to pay made, disputes opened and closed; and late actions, still planned on the report date for an earlier day (an action whose items are all cleared has left the agenda and is not late). Work counts for the collector of the customer it is about, whoever did it, as every report counts a collector's customers; customers without a collector share one line. --currency does not apply: activity is counted, not summed.

                Last sync: on the server, each replica's last push and the last pull that brought it up to date (noted at most once a minute per replica); on a replica, only this replica's last successful sync (other devices are known to the server only). Not listed with --customer.
                """
        }
    }
}
