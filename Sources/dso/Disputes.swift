import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Promise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a promise to pay on items of one customer (offline).",
        discussion: """
            The promise is dated today and due on --date. Until it is kept, broken or superseded, its items leave the scenario; a follow-up is planned two days after the promised date.

            --amount is in the items' currency, with a dot for decimals and no thousands separator (3000 or 3000.50); it cannot exceed what is open. Without it, the promise covers everything open on the items.

            Example:
              dso promise INV-2026-000026 --date 2026-11-27 --amount 3000.50
            """)

    @Argument(help: "Item numbers or ids.") var items: [String]
    @Option(help: ArgumentHelp("Promised payment date: YYYY-MM-DD, tomorrow or +3d.", valueName: "DATE")) var date: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Promised amount, e.g. 3000.50 (default: what is open).", valueName: "AMOUNT"))
    var amount: String?
    @Option(help: "What the customer said.") var comment = ""
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if items.isEmpty { throw ValidationError("name at least one item") }
        _ = try parseDate(date)
    }

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            var money: Money?
            if let amount {
                let currency = try replica.item(items[0]).item.openAmount.currency
                do throws(DomainError) {
                    money = try UserInput.amount(amount, currency: currency)
                } catch {
                    throw UsageError(message: "--amount: \(error.message) — see `dso promise --help`")
                }
            }
            let q = try replica.promise(items: items, date: try parseDate(date), amount: money, comment: comment)
            if global.json { return try printJSON(q, encoder: jsonEncoder) }
            let followUp = try replica.action(id: q.followUpID)
            print("Promise recorded for \(q.promiseDueDate)\(money.map { " (\($0))" } ?? "")"
                  + (followUp.map { "; follow-up \($0.channel.rawValue) planned for \($0.date)" } ?? "")
                  + ". Pending sync: \(try replica.pendingCount()).")
        }
    }
}

struct DisputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute", abstract: "Open and close disputes (offline).",
        subcommands: [Open.self, Close.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a dispute on items: they leave the scenario until it is resolved.",
            discussion: """
                An item is in one open dispute at most: to change the status of an open dispute, qualify its items with another dispute status.

                Example:
                  dso dispute open INV-2026-000034 --status quality_dispute \\
                      --resolver sales.north --comment "Two doors scratched"
                """)
        @Argument(help: "Item numbers or ids.") var items: [String]
        @Option(help: "A dispute status (`dso statuses`).") var status: String
        @Option(help: ArgumentHelp("Who must resolve it: a user's login (`dso users`).", valueName: "LOGIN")) var resolver: String
        @Option(help: "The customer's words.") var comment: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reporting {
                let q = try global.open().openDispute(items: items, status: status, resolver: resolver, comment: comment)
                if global.json { return try printJSON(q, encoder: jsonEncoder) }
                print("Dispute \(Replica.short(q.id)) opened on \(q.itemIDs.count) item(s); \(resolver) to resolve it.")
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a dispute: its items return to the scenario.",
            discussion: "Name the dispute by its id (the 8 characters `dso customer CODE` shows) or by the number of one of its items.")
        @Argument(help: "Dispute id, or an item number.") var dispute: String
        @Option(help: "How it was resolved.") var comment = "Dispute resolved"
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reporting {
                let closed = try global.open().closeDispute(dispute, comment: comment)
                if global.json { return try printJSON(closed, encoder: jsonEncoder) }
                print("Dispute \(Replica.short(closed.id)) closed after \(closed.duration(today: .today())) day(s).")
            }
        }
    }
}

struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What needs attention (offline).",
        discussion: "Broken promises; overdue customers with no action for a while (15 days by default) or with no contact for collection; disputes open for long (30 days by default). The credit team sets the thresholds.")
    @Option(help: ArgumentHelp("Only this collector's customers (for managers).", valueName: "LOGIN")) var collector: String?
    @OptionGroup var list: ListOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            if let collector { try CollectorFilter.check(collector, in: replica) }
            let alerts = try replica.alerts(collector: collector, limit: list.rows(json: global.json))
            if global.json { return try printJSON(alerts, encoder: jsonEncoder) }
            var table = Table(["customer", "alert", "detail"], flexible: [2])
            for a in alerts { table.add([.init(a.customerCode), .init(a.kind.rawValue, .red), .init(a.detail)]) }
            print(table.render(width: global.width))
            let total = alerts.count < (list.rows(json: false) ?? Int.max) ? alerts.count : try replica.alertCount(collector: collector)
            print(ListOptions.footer(shown: alerts.count, total: total, noun: "alerts"))
        }
    }
}

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "A customer's statement: open items and their status, recent actions, promises, disputes, contact (offline).")
    @Argument(help: "Customer code.") var code: String
    @Flag(help: "Add provenance: who set each contact field and what it overrode, every qualification and action event with its author, replica, time, server sequence and receive time, and the customer's conflicts.")
    var audit = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let s = try replica.statement(customerCode: code)
            let trail = audit ? try replica.audit(customerCode: code) : nil
            if global.json {
                struct Output: Encodable { var statement: CustomerStatement; var audit: CustomerAudit? }
                return trail == nil ? try printJSON(s, encoder: jsonEncoder) : try printJSON(Output(statement: s, audit: trail), encoder: jsonEncoder)
            }
            defer { if let trail { for text in AuditText.customer(trail) { print(Table.truncate(text, to: global.width ?? Int.max)) } } }
            let width = global.width ?? Int.max
            func line(_ text: String) { print(Table.truncate(text, to: width)) }
            print(Style.bold.apply("\(s.customer.code)  \(s.customer.name)") + "  (\(s.customer.city ?? ""), collector \(s.customer.collector ?? "none"))")
            if let c = s.collectionContact {
                line("Contact for collection: \(c.name)\(c.role.map { ", \($0)" } ?? "")  \(c.phone ?? "")  \(c.email ?? "")")
            } else {
                line("No contact for collection: name one with `dso contact set ID --collection`.")
            }
            var items = Table(["item", "due", "days", "open", "status"], alignments: [.left, .left, .right, .right, .left], flexible: [4])
            for v in s.items {
                items.add([.init(v.item.number), .init(v.item.dueDate.description), .init(String(v.overdueDays), v.overdueDays > 0 ? .red : nil),
                           .init(v.item.openAmount.description), .init(v.statusName ?? "-")])
            }
            print(""); print(items.render(width: global.width))
            if !s.openPromises.isEmpty {
                print(""); print(Style.bold.apply("Open promises"))
                for p in s.openPromises { line("  \(p.promise.amount) on \(p.promise.promisedDate) (\(p.promise.itemIDs.count) item(s), made \(p.promise.madeOn))") }
            }
            if !s.openDisputes.isEmpty {
                print(""); print(Style.bold.apply("Open disputes"))
                for d in s.openDisputes {
                    line("  \(Replica.short(d.id))  \(d.currentStatusCode) since \(d.openedOn), \(d.openItemIDs.count) item(s), resolver \(d.resolver ?? "-"): \(d.comment)")
                }
            }
            if !s.recentActions.isEmpty {
                print(""); print(Style.bold.apply("Recent actions"))
                for a in s.recentActions {
                    line("  \(Replica.short(a.id))  \(a.date)  \(a.state.rawValue)  \(a.kind.rawValue) \(a.channel.rawValue)\(a.outcome.map { " → \($0.rawValue)" } ?? "")\(a.note.map { "  \($0)" } ?? "")")
                }
            }
        }
    }
}
