import ArgumentParser
import DSOModel
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "Collection scenarios.", subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import scenarios from a JSON file (see Fixtures/scenarios.json); replicas receive them on their next sync.")
        @Argument(help: "The JSON file: a list of {code, name, steps: [{name, channel, offsetDays, trigger}], minimumOverdueMinor?}.")
        var file: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
            try await reporting {
                let changed = try await data.openStore().importScenarios(from: URL(fileURLWithPath: file))
                print("Imported: \(changed) scenario(s) created or changed.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List scenarios and their steps.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await reporting {
                let scenarios = try data.openExistingStore().scenarios()
                if json { return try printJSON(scenarios, encoder: WireJSON.encoder(pretty: true)) }
                for s in scenarios {
                    print(Style.bold.apply("\(s.code)  \(s.name)") + (s.minimumOverdueMinor.map { "  (minimum overdue \($0) minor units)" } ?? ""))
                    for (i, step) in s.steps.enumerated() {
                        print("  \(i + 1). D+\(step.offsetDays) \(step.trigger == .leaderDueDate ? "from due date" : "from last action")  \(step.channel.rawValue)  \(step.name)")
                    }
                }
            }
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The status catalogue.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import statuses (CSV: code, name, type, [follow_up_days], [channel], [active]).")
        @Argument var file: String
        @Flag(help: "Print the report as JSON.") var json = false
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting { try await runImport(kind: .statuses, file: file, mode: .delta, asOf: nil, json: json, data: data) }
        }
    }
}

struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "payments", abstract: "Payments from the ERP.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import payments (CSV: customer, item, date, amount, [currency], [reference]).",
            discussion: "Lowers open amounts, clears paid items, drives promise evaluation, and cancels planned actions whose items are all paid.")
        @Argument var file: String
        @Flag(help: "Print the report as JSON.") var json = false
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting { try await runImport(kind: .payments, file: file, mode: .delta, asOf: nil, json: json, data: data) }
        }
    }
}

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Central collection settings; replicas receive changes on their next sync.",
        subcommands: [Show.self, Set.self])

    struct Show: AsyncParsableCommand {
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting {
                let s = try data.openExistingStore().collectionSettings()
                if json { return try printJSON(s, encoder: WireJSON.encoder(pretty: true)) }
                printSettings(s)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        @Option(help: "Days after a promised date before the promise is judged.") var graceDays: Int?
        @Option(help: "Below this overdue amount (minor units, e.g. cents) no scenario action is proposed.") var minimumOverdue: Int64?
        @Option(help: "Alert when an overdue customer had no action for this many days.") var alertNoActionDays: Int?
        @Option(help: "Alert when a dispute is open longer than this many days.") var alertDisputeDays: Int?
        @Option(help: "Flag \"qualify me\" on a leader invoice overdue more than this many days (with --qualify-me-late-days).")
        var qualifyMeOverdueDays: Int?
        @Option(help: "Flag \"qualify me\" when the scenario step is more than this many days late (with --qualify-me-overdue-days).")
        var qualifyMeLateDays: Int?
        @Option(help: "Accept field work on a customer that left its author's portfolio less than this many days before (default 7).")
        var reassignmentGraceDays: Int?
        @OptionGroup var data: DataOptions

        func run() async throws {
            let (g, m, n, d) = (graceDays, minimumOverdue, alertNoActionDays, alertDisputeDays)
            let (qo, ql, rg) = (qualifyMeOverdueDays, qualifyMeLateDays, reassignmentGraceDays)
            if let rg, !(0...365).contains(rg) { throw ValidationError("--reassignment-grace-days: 0 to 365") }
            do {
                let s = try await data.openExistingStore().updateSettings { s in
                    if let g { s.graceDays = g }
                    if let m { s.minimumOverdueMinor = m }
                    if let n { s.alertNoActionDays = n }
                    if let d { s.alertDisputeDays = d }
                    if let qo { s.qualifyMeOverdueDays = qo }
                    if let ql { s.qualifyMeLateDays = ql }
                    if let rg { s.reassignmentGraceDays = rg }
                }
                print("Settings saved; replicas receive them on their next sync.")
                printSettings(s)
            } catch let error as CollectionImportError {
                Terminal.error("dso-server: \(error)")
                throw ExitCode(1)
            } catch let error as Failure {
                Terminal.error("dso-server: \(error.description)")
                throw ExitCode(error.exitCode)
            }
        }
    }
}

/// The settings, one per line (fits 80 columns).
func printSettings(_ s: CollectionSettings) {
    print("grace days:              \(s.graceDays)")
    print("minimum overdue (minor): \(s.minimumOverdueMinor)")
    print("alert, no action after:  \(s.alertNoActionDays) days")
    print("alert, dispute open:     \(s.alertDisputeDays) days")
    print("qualify me, overdue:     \(s.qualifyMeOverdueDays) days")
    print("qualify me, step late:   \(s.qualifyMeLateDays) days")
    print("reassignment grace:      \(s.reassignmentGraceDays) days")
}
