import ArgumentParser
import DSOSync
import DSOTerminal
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the replica's derived state (agenda, alerts, promises, disputes, current statuses) against its facts (offline).",
        discussion: """
            Recomputes from scratch everything the replica derives from its facts and compares it with what it keeps. Exits 0 when both agree, 1 when they differ (each difference on a line).

            --repair rebuilds the derived state in one transaction; the facts and the outbox are never touched.
            """)

    @Flag(help: "Rebuild the derived state after comparing.") var repair = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let report = try replica.check(repair: repair)
            if global.json { try printJSON(report, encoder: jsonEncoder) } else {
                for problem in report.problems { print(problem) }
                let verdict = report.isConsistent ? "consistent" : "\(report.problems.count) difference(s)"
                print("Checked \(report.customers) customers and \(report.items) items: \(verdict)"
                      + (report.repaired ? "; derived state rebuilt" : (report.isConsistent ? "" : "; run `dso check --repair`")))
            }
            if !report.isConsistent && !report.repaired { throw ExitCode(1) }
        }
    }
}
