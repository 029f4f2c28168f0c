import ArgumentParser
import DSOModel
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "The conflict inbox: concurrent edits, concurrent qualifications and refused work.",
        discussion: """
            Conflicts are settled the same way on every node (the later write wins, refused work is not applied); the inbox keeps both sides, so that a person can look and decide. Every decision is a fact, replicated to the collectors concerned, with its author (--by, or $DSO_LOGIN: a manager's or an admin's login).

              dso-server conflicts --open                       what is waiting
              dso-server conflicts show 3f9c2a1b                both sides, who, when, where
              dso-server conflicts accept 3f9c2a1b --by claire  apply refused work after all
              dso-server conflicts dismiss 3f9c2a1b --by claire --comment "Duplicate call"
              dso-server conflicts resolve 3f9c2a1b --keep mine --by claire

            Ids are the last 8 characters the list shows, or the full id.
            """,
        subcommands: [List.self, Show.self, Resolve.self, Accept.self, Dismiss.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List conflicts, newest first.")
        @Option(help: ArgumentHelp("Only those addressed to this collector.", valueName: "LOGIN")) var collector: String?
        @Option(help: ArgumentHelp("Only those of this customer.", valueName: "CODE")) var customer: String?
        @Flag(help: "Only those nobody resolved yet.") var open = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await reporting {
                let entries = try data.openExistingStore().conflicts(ConflictFilter(addressee: collector, openOnly: open, customerCode: customer))
                if json { return try printJSON(entries, encoder: WireJSON.encoder(pretty: true)) }
                print(ConflictText.table(entries, width: Terminal.width))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Both sides of one conflict: values, authors, replicas, HLCs, and the decision.")
        @Argument(help: "Conflict id, or its last 8 characters.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await reporting {
                let entry = try data.openExistingStore().conflict(id)
                if json { return try printJSON(entry, encoder: WireJSON.encoder(pretty: true)) }
                print(ConflictText.detail(entry))
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep one side of a contact-field or qualification conflict (the kept value is written again as a new fact).")
        @Argument(help: "Conflict id, or its last 8 characters.") var id: String
        @Option(help: "mine (the addressee's side) or theirs (the side that won).") var keep: KeepSide
        @OptionGroup var decision: DecisionOptions

        func run() async throws {
            try await decision.decide(id, keep == .mine ? .keepMine : .keepTheirs)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply refused work after all (refused as out of scope), attributed to its author.")
        @Argument(help: "Conflict id, or its last 8 characters.") var id: String
        @OptionGroup var decision: DecisionOptions

        func run() async throws { try await decision.decide(id, .accept) }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a conflict without changing anything; say why with --comment.")
        @Argument(help: "Conflict id, or its last 8 characters.") var id: String
        @OptionGroup var decision: DecisionOptions

        func run() async throws { try await decision.decide(id, .dismiss) }
    }
}

enum KeepSide: String, ExpressibleByArgument, CaseIterable { case mine, theirs }

/// The options of a decision: who decides, and why.
struct DecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who decides: a manager's or an admin's login (default: $DSO_LOGIN).", valueName: "LOGIN")) var by: String?
    @Option(help: "Why (shown to the collector).") var comment: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var data: DataOptions

    func decide(_ id: String, _ decision: ConflictResolution.Decision) async throws {
        try await reporting {
            guard let author = by ?? ProcessInfo.processInfo.environment["DSO_LOGIN"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw Failure("say who decides: --by LOGIN (a manager or an admin), or set DSO_LOGIN", exitCode: 64)
            }
            let entry = try await data.openExistingStore().resolveConflict(id, decision: decision, comment: comment, by: author)
            if json { return try printJSON(entry, encoder: WireJSON.encoder(pretty: true)) }
            print("Conflict \(ConflictText.short(entry.id)) \(entry.state) by \(author). The collectors concerned see it on their next sync.")
        }
    }
}
