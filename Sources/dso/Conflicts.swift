import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Your conflict inbox: your edits that lost, your statuses overridden, your work the server refused (offline).",
        discussion: """
            Nothing you write is silently lost. When someone else changed the same contact field or the same item's status without seeing your change, the later one wins everywhere, and the other is listed here; so is work the server refused, with its reason.

              dso conflicts                           yours (--all: every conflict of your customers; --open)
              dso conflicts show 3f9c2a1b             both sides, who, when, on which replica
              dso conflicts resolve 3f9c2a1b --keep mine      write your value again (it then wins)
              dso conflicts resolve 3f9c2a1b --keep theirs    keep what won
              dso conflicts resolve 3f9c2a1b --dismiss --comment "Called twice, fine"

            A decision is recorded here and reaches the server on the next `dso sync`. Refused work you cannot fix yourself (a customer that moved to a colleague) waits for the credit team, who may accept it.
            """,
        subcommands: [List.self, Show.self, Resolve.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your conflicts, newest first.")
        @Flag(help: "Every conflict this replica holds (your customers'), not only yours.") var all = false
        @Flag(help: "Only those nobody resolved yet.") var open = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reporting {
                let entries = try global.openAttached().conflicts(all: all, openOnly: open)
                if global.json { return try printJSON(entries, encoder: jsonEncoder) }
                print(ConflictText.table(entries, width: global.width))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Both sides of one conflict, with who wrote them, where and when.")
        @Argument(help: "Conflict id, or its last 8 characters (`dso conflicts`).") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reporting {
                let entry = try global.openAttached().conflict(id)
                if global.json { return try printJSON(entry, encoder: jsonEncoder) }
                print(ConflictText.detail(entry))
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide about a conflict: keep your side, keep theirs, or dismiss it (offline; pushed on the next sync).")
        @Argument(help: "Conflict id, or its last 8 characters (`dso conflicts`).") var id: String
        @Option(help: "mine (write your value again) or theirs (keep what won).") var keep: KeepSide?
        @Flag(help: "Close it without changing anything.") var dismiss = false
        @Option(help: "Why (shown to the credit team).") var comment: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (keep != nil) != dismiss else { throw ValidationError("say what to do: --keep mine, --keep theirs, or --dismiss") }
        }

        func run() async throws {
            try await reporting {
                let decision: ConflictResolution.Decision = dismiss ? .dismiss : keep == .mine ? .keepMine : .keepTheirs
                let replica = try global.open()
                let entry = try replica.resolveConflict(id, decision: decision, comment: comment)
                if global.json { return try printJSON(entry, encoder: jsonEncoder) }
                let wrote = entry.resolution?.factID.map { " (new \(entry.conflict.kind == .contactField ? "edit" : "qualification") \(ConflictText.short($0)))" } ?? ""
                print("Conflict \(ConflictText.short(entry.id)): \(entry.state)\(wrote). Pending sync: \(try replica.status().pendingChanges).")
            }
        }
    }
}

enum KeepSide: String, ExpressibleByArgument, CaseIterable { case mine, theirs }
