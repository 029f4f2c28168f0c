import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Qualify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a status, a comment and a date on one or more items of one customer (offline).",
        discussion: """
            Items are given by number (as on the invoice, any case) or id; `dso statuses` lists the codes.

            A dispute status needs --comment in the customer's words and --resolver, a user's login (`dso users`). On an item already in a dispute, another dispute status changes the dispute's status; any other status ends it.

            Example:
              dso qualify INV-2026-000123 --status contacted --comment "CFO back Monday"
            """)

    @Argument(help: "Item numbers or ids.") var items: [String]
    @Option(help: "Status code (`dso statuses`).") var status: String
    @Option(help: "What the customer said.") var comment: String
    @Option(help: ArgumentHelp("Status date: YYYY-MM-DD, today, tomorrow or +3d (default today).", valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp("Who must resolve a dispute: a user's login (`dso users`).", valueName: "LOGIN")) var resolver: String?
    @Option(help: ArgumentHelp("Plan the follow-up on this date instead of status date + the status's delay.", valueName: "DATE"))
    var followUp: String?
    @Flag(help: "Plan no follow-up action.") var noFollowUp = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if items.isEmpty { throw ValidationError("name at least one item") }
        if let date { _ = try parseDate(date) }
        if let followUp { _ = try parseDate(followUp, option: "follow-up") }
        if followUp != nil && noFollowUp { throw ValidationError("--follow-up and --no-follow-up exclude each other") }
    }

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let q = try replica.qualify(items: items, status: status, comment: comment,
                                        statusDate: try date.map { try parseDate($0) }, resolver: resolver,
                                        followUp: noFollowUp ? .none : (try followUp.map { .on(try parseDate($0, option: "follow-up")) } ?? .standard))
            if global.json { return try printJSON(q, encoder: jsonEncoder) }
            let followUp = try replica.action(id: q.followUpID)
            print("Qualified \(q.itemIDs.count) item(s) as \(q.statusCode) on \(q.statusDate)"
                + (followUp.map { "; follow-up \($0.channel.rawValue) planned for \($0.date)" } ?? "")
                + ". Pending sync: \(try replica.pendingCount()).")
        }
    }
}
