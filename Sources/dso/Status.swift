import ArgumentParser
import DSOProtocol
import DSOSync
import DSOTerminal
import Foundation

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Server, pending changes, rejected work and last sync (offline).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.openAttached()
            let status = try replica.status()
            let rejected = try replica.returnedWork()
            let conflicts = try replica.conflicts(openOnly: true)
            if global.json {
                struct Output: Encodable { var status: ReplicaStatus; var rejected: [ReturnedWork]; var openConflicts: Int }
                return try printJSON(Output(status: status, rejected: rejected, openConflicts: conflicts.count), encoder: jsonEncoder)
            }
            print("Replica:   \(global.replicaPath)")
            if let account = status.account {
                print("Server:    \(account.server.absoluteString)")
                for other in account.servers.dropFirst() { print("           \(other.absoluteString) (if the first is down)") }
                print("User:      \(account.login) (\(account.role.rawValue))")
            }
            if status.downloadComplete {
                print("Portfolio: \(status.customers) customers, \(status.openItems) open items")
            } else {
                print(Style.yellow.apply("Portfolio: first download incomplete (\(status.customers) customers so far); run `dso sync`"))
            }
            print("Pending:   \(status.pendingChanges) change(s) to push")
            print("Last sync: " + (status.lastSync.map { "\(Terminal.ago($0)) (\(WireJSON.formatTimestamp($0)))" } ?? "never"))
            if status.clockIsOff, let offset = status.clockOffset {
                let minutes = Int((abs(offset) / 60).rounded())
                print(Style.yellow.apply("Clock:     this device is \(minutes) min \(offset > 0 ? "ahead of" : "behind") the server (at the last sync); "
                                         + "set its clock right, or your work carries wrong times"))
            }
            if !conflicts.isEmpty {
                print(Style.yellow.apply("Conflicts: \(conflicts.count) open; `dso conflicts` lists them"))
            }
            if !rejected.isEmpty {
                print(Style.red.apply("Rejected by the server (\(rejected.count)):"))
                for entry in rejected {
                    print("  \(entry.kind.rawValue): \(entry.summary) — \(entry.code ?? "") \(entry.detail ?? "")")
                }
            }
        }
    }
}
