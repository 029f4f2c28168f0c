import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Qualify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a status, a comment and a date on one or more items of one customer (offline).",
        discussion: """
            Items are given by number (as on the invoice) or id. `dso statuses` lists the codes.
            Dispute statuses need --comment in the customer's words and --resolver.
            Example: dso qualify INV-2026-000123 INV-2026-000130 --status promise_to_pay --comment "Pays on Friday" --date 2026-11-27
            """)

    @Argument(help: "Item numbers or ids.") var items: [String]
    @Option(help: "Status code.") var status: String
    @Option(help: "What the customer said.") var comment: String
    @Option(help: ArgumentHelp("Status date, YYYY-MM-DD (default today).", valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp("Who must resolve a dispute.", valueName: "LOGIN")) var resolver: String?
    @Option(help: ArgumentHelp("Plan the follow-up on this date instead of status date + the status's delay.", valueName: "DATE"))
    var followUp: String?
    @Flag(help: "Plan no follow-up action.") var noFollowUp = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if items.isEmpty { throw ValidationError("name at least one item") }
        if let date { _ = try parseDate(date) }
        if let followUp { _ = try parseDate(followUp) }
        if followUp != nil && noFollowUp { throw ValidationError("--follow-up and --no-follow-up exclude each other") }
    }

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let q = try replica.qualify(items: items, status: status, comment: comment,
                                        statusDate: try date.map(parseDate), resolver: resolver,
                                        followUp: noFollowUp ? .none : (try followUp.map { .on(try parseDate($0)) } ?? .standard))
            if global.json { return try printJSON(q, encoder: jsonEncoder) }
            let followUp = try replica.actions().first { $0.qualificationID == q.id }
            print("Qualified \(q.itemIDs.count) item(s) as \(q.statusCode) on \(q.statusDate)"
                + (followUp.map { "; follow-up \($0.channel.rawValue) planned for \($0.date)" } ?? "")
                + ". Pending sync: \(try replica.pendingCount()).")
        }
    }
}
