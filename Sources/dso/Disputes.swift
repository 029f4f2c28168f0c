import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Promise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a promise to pay on items of one customer (offline).",
        discussion: "Example: dso promise INV-2026-000026 INV-2026-000027 --date 2026-11-27 --amount 12836.72")

    @Argument(help: "Item numbers or ids.") var items: [String]
    @Option(help: ArgumentHelp("Promised payment date, YYYY-MM-DD.", valueName: "DATE")) var date: String
    @Option(help: ArgumentHelp("Promised amount, in the items' currency (default: what is open).", valueName: "AMOUNT")) var amount: String?
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
                guard let parsed = Money(decimal: amount, currency: currency), parsed.minor > 0 else {
                    throw ValidationError("--amount '\(amount)' is not a positive amount in \(currency)")
                }
                money = parsed
            }
            let q = try replica.promise(items: items, date: try parseDate(date), amount: money, comment: comment)
            if global.json { return try printJSON(q, encoder: jsonEncoder) }
            print("Promise recorded for \(q.statusDate)\(money.map { " (\($0))" } ?? ""); follow-up planned. Pending sync: \(try replica.pendingCount()).")
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
            discussion: "Example: dso dispute open INV-2026-000034 --status quality_dispute --resolver sales.north --comment \"Two doors scratched\"")
        @Argument(help: "Item numbers or ids.") var items: [String]
        @Option(help: "A dispute status (`dso statuses`).") var status: String
        @Option(help: ArgumentHelp("Who must resolve it.", valueName: "LOGIN")) var resolver: String
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
        static let configuration = CommandConfiguration(abstract: "Close a dispute: its items return to the scenario.")
        @Argument(help: "Dispute id (or its last 8 characters).") var dispute: String
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
        abstract: "Broken promises, customers overdue with no action for 15 days, disputes open over 30 days (offline).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let alerts = try replica.alerts()
            if global.json { return try printJSON(alerts, encoder: jsonEncoder) }
            let codes = Dictionary(uniqueKeysWithValues: try replica.customers().map { ($0.customer.id, $0.customer.code) })
            var table = Table(["customer", "alert", "detail"])
            for a in alerts { table.add([.init(codes[a.customerID] ?? "?"), .init(a.kind.rawValue, .red), .init(a.detail)]) }
            print(table.render())
            print("\(alerts.count) alerts")
        }
    }
}

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "A customer's statement: open items and their status, recent actions, promises, disputes, contact (offline).")
    @Argument(help: "Customer code.") var code: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let s = try global.open().statement(customerCode: code)
            if global.json { return try printJSON(s, encoder: jsonEncoder) }
            print(Style.bold.apply("\(s.customer.code)  \(s.customer.name)") + "  (\(s.customer.city ?? ""), collector \(s.customer.collector ?? "none"))")
            if let c = s.collectionContact {
                print("Contact for collection: \(c.name)\(c.role.map { ", \($0)" } ?? "")  \(c.phone ?? "")  \(c.email ?? "")")
            }
            var items = Table(["item", "due", "days", "open", "status"], alignments: [.left, .left, .right, .right, .left])
            for v in s.items {
                items.add([.init(v.item.number), .init(v.item.dueDate.description), .init(String(v.overdueDays), v.overdueDays > 0 ? .red : nil),
                           .init(v.item.openAmount.description), .init(v.statusName ?? "-")])
            }
            print(""); print(items.render())
            if !s.openPromises.isEmpty {
                print(""); print(Style.bold.apply("Open promises"))
                for p in s.openPromises { print("  \(p.promise.amount) on \(p.promise.promisedDate) (\(p.promise.itemIDs.count) item(s))") }
            }
            if !s.openDisputes.isEmpty {
                print(""); print(Style.bold.apply("Open disputes"))
                for d in s.openDisputes {
                    print("  \(Replica.short(d.id))  \(d.statusCode) since \(d.openedOn), \(d.openItemIDs.count) item(s), resolver \(d.resolver ?? "-"): \(d.comment)")
                }
            }
            if !s.recentActions.isEmpty {
                print(""); print(Style.bold.apply("Recent actions"))
                for a in s.recentActions {
                    print("  \(Replica.short(a.id))  \(a.date)  \(a.state.rawValue)  \(a.kind.rawValue) \(a.channel.rawValue)\(a.outcome.map { " → \($0.rawValue)" } ?? "")\(a.note.map { "  \($0)" } ?? "")")
                }
            }
        }
    }
}
