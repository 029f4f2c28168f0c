import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

extension Channel: ExpressibleByArgument {}
extension ActionOutcome: ExpressibleByArgument {}

struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Your to-do list: late actions (red), today's (yellow), the next days' (offline).",
        discussion: """
            Lists scenario steps due, specific actions and follow-ups, one follow-up per item (the latest qualification's). A very old overdue invoice whose step date lies far in the past shows "qualify me": qualify its items rather than send a first reminder.

            Act on a line with `dso done ID`, `dso reschedule ID --date D` or `dso cancel ID`, where ID is the 8 characters in the id column (or an item number, when one action chases it).
            """)

    @Option(parsing: .unconditional, help: "Days ahead to show (0-366).") var days = 7
    @Option(help: ArgumentHelp("Only this collector's customers (for managers).", valueName: "LOGIN")) var collector: String?
    @OptionGroup var list: ListOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...366).contains(days) else { throw ValidationError("--days must be 0-366") }
    }

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            if let collector { try CollectorFilter.check(collector, in: replica) }
            let entries = try replica.agenda(days: days, collector: collector, limit: list.rows(json: global.json))
            if global.json { return try printJSON(entries, encoder: jsonEncoder) }
            var table = Table(["id", "when", "date", "cust", "kind", "channel", "what", "items"],
                              alignments: [.left, .left, .left, .left, .left, .left, .left, .right], flexible: [6])
            for e in entries {
                let style: Style? = e.bucket == .late ? .red : (e.bucket == .today ? .yellow : nil)
                let kind = e.kind == .scenario ? (e.isProposal ? "scenario*" : "scenario") : e.kind.rawValue
                table.add([.init(Replica.short(e.id)), .init(e.qualifyMe ? "qualify me" : e.bucket.rawValue, style),
                           .init(e.date.description, style), .init(e.customerCode), .init(kind),
                           .init(e.channel.rawValue), .init(e.title), .init(String(e.itemIDs.count))])
            }
            print(table.render(width: global.width))
            let total = entries.count < (list.rows(json: false) ?? Int.max) ? entries.count : try replica.agendaCount(days: days, collector: collector)
            print(ListOptions.footer(shown: entries.count, total: total, noun: "entries")
                  + (entries.contains(where: \.isProposal) ? "; scenario* = proposed by the scenario" : ""))
        }
    }
}

struct Act: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log a contact made now, with its outcome (offline).",
        discussion: """
            Example:
              dso act C0004 --channel call --outcome reached \\
                  --items INV-2026-000026 --note "Transfer on Friday"
            """)

    @Argument(help: "Customer code.") var customer: String
    @Option(help: "call, visit, email, letter, sms or note.") var channel: Channel
    @Option(help: "reached, voicemail, unreachable, invoice_not_received, payment_sent, promise_made, dispute_raised, refused, sent.")
    var outcome: ActionOutcome
    @Option(parsing: .upToNextOption, help: "Items concerned.") var items: [String] = []
    @Option(help: "What happened.") var note: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let action = try global.open().logAction(customerCode: customer, channel: channel, outcome: outcome, items: items, note: note)
            if global.json { return try printJSON(action, encoder: jsonEncoder) }
            print("Logged \(channel.rawValue) with \(customer): \(outcome.rawValue) (action \(Replica.short(action.id))).")
        }
    }
}

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan a specific action on chosen items; they leave the scenario until it is done (offline).")

    @Argument(help: "Customer code.") var customer: String
    @Option(help: "call, visit, email, letter, sms or note.") var channel: Channel
    @Option(help: ArgumentHelp("Planned date: YYYY-MM-DD, today, tomorrow or +3d.", valueName: "DATE")) var date: String
    @Option(parsing: .upToNextOption, help: "Items concerned (at least one).") var items: [String]
    @Option(help: "What to do.") var note: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws { _ = try parseDate(date) }

    func run() async throws {
        try await reporting {
            let when = try parseDate(date)
            let action = try global.open().planAction(customerCode: customer, channel: channel, date: when, items: items, note: note)
            if global.json { return try printJSON(action, encoder: jsonEncoder) }
            print("Planned \(channel.rawValue) with \(customer) on \(when) (action \(Replica.short(action.id))).")
        }
    }
}

struct Done: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a planned action, or a proposed scenario step, done (offline).",
        discussion: "Name the action by the id `dso agenda` shows, or by an item number when one action chases that item.")

    @Argument(help: "Action id (the 8 characters `dso agenda` shows) or an item number.") var action: String
    @Option(help: "What came of it.") var outcome: ActionOutcome = .reached
    @Option(help: "What happened.") var note: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let done = try global.open().completeAction(action, outcome: outcome, note: note)
            if global.json { return try printJSON(done, encoder: jsonEncoder) }
            print("Done: action \(Replica.short(done.id)) (\(done.kind.rawValue), \(done.channel.rawValue)), \(outcome.rawValue).")
        }
    }
}

struct Reschedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Move a planned action, or a proposed scenario step, to another date (offline).")

    @Argument(help: "Action id (8 characters) or an item number.") var action: String
    @Option(help: ArgumentHelp("New date: YYYY-MM-DD, today, tomorrow or +3d.", valueName: "DATE")) var date: String
    @OptionGroup var global: GlobalOptions

    func validate() throws { _ = try parseDate(date) }

    func run() async throws {
        try await reporting {
            let moved = try global.open().rescheduleAction(action, to: try parseDate(date))
            if global.json { return try printJSON(moved, encoder: jsonEncoder) }
            print("Rescheduled action \(Replica.short(moved.id)) to \(moved.date).")
        }
    }
}

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a planned action, or skip a proposed scenario step (offline).")

    @Argument(help: "Action id (8 characters) or an item number.") var action: String
    @Option(help: "Why.") var note: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let cancelled = try global.open().cancelAction(action, note: note)
            if global.json { return try printJSON(cancelled, encoder: jsonEncoder) }
            print("Cancelled action \(Replica.short(cancelled.id)).")
        }
    }
}
