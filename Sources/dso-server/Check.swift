import ArgumentParser
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the store's derived state (typed columns, item links, current statuses) against its facts.",
        discussion: """
            Recomputes from the stored payloads everything the store derives from them and compares: each item's and customer's typed columns, each qualification's item links, each item's current status (by the same rule every replica applies), each row's payload against the change the log serves for it, and each accepted receipt against the log. Reads only; safe while the server runs.

            --repair then rebuilds the typed columns, the item links and the current statuses in one transaction (stop the server first, or run it at a quiet time: the rebuild holds the writer). Payloads, the log and the receipts are facts: a difference there is reported, never rewritten; restore a backup.

            Exit codes: 0 consistent (or repaired), 1 differences found, 2 differences a repair cannot fix.
            """)

    @Flag(help: "Rebuild the derived state after comparing.") var repair = false
    @Flag(help: "Print the report as JSON.") var json = false
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            let report = try store.check(repair: repair)
            if json { try printJSON(report, encoder: WireJSON.encoder(pretty: true)) } else {
                for problem in report.problems { print(problem) }
                if report.problemCount > report.problems.count { print("… and \(report.problemCount - report.problems.count) more") }
                let verdict = report.isConsistent ? "consistent" : "\(report.problemCount) difference(s)"
                let next = report.repaired ? "; derived state rebuilt"
                    : report.isConsistent ? "" : report.unrepairable == report.problemCount ? "; restore a backup" : "; run `dso-server check --repair`"
                print("Checked \(report.items) items, \(report.qualifications) qualifications, \(report.rows) rows: \(verdict)\(next)")
            }
            if report.unrepairable > 0 { throw ExitCode(2) }
            if !report.isConsistent && !report.repaired { throw ExitCode(1) }
        }
    }
}
