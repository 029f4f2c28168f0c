import ArgumentParser
import DSOModel
import DSOProtocol
import DSOSync
import DSOTerminal
import Foundation

@main
struct DSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso",
        abstract: "DSO Sync field client: your customer portfolio, offline, synced with the credit team.",
        discussion: """
            Attach once, then work anywhere; only `init` and `sync` need the network.
              dso init --server https://HOST:8443 --token TOKEN --ca ca.pem
              dso items --overdue
              dso qualify INV-2026-000123 --status promise_to_pay --comment "Pays on Friday"
              dso sync
            The replica file defaults to ~/.local/share/dso/replica.sqlite; choose another with
            --replica PATH or DSO_REPLICA.
            Exit codes: 0 done; 1 refused (bad item, rule broken, server rejection); 64 usage;
            69 server unreachable; 77 token refused.
            """,
        subcommands: [Init.self, Sync.self, Status.self, Customers.self, Items.self, Qualify.self, History.self, Statuses.self,
                      AgendaCommand.self, Act.self, Plan.self, Done.self, Reschedule.self, Cancel.self,
                      Promise.self, DisputeCommand.self, Alerts.self, CustomerCommand.self, ContactsCommand.self, ContactCommand.self])
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replica file (default: $DSO_REPLICA or ~/.local/share/dso/replica.sqlite).", valueName: "PATH"))
    var replica: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    var replicaPath: String {
        if let replica { return replica }
        let env = ProcessInfo.processInfo.environment
        if let path = env["DSO_REPLICA"], !path.isEmpty { return path }
        let base = env["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return base.appendingPathComponent("dso/replica.sqlite").path
    }

    func open() throws -> Replica {
        try Replica(path: replicaPath)
    }
}

/// Runs a command body, turning failures into a one-line message and a meaningful exit code.
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as ReplicaError {
        Terminal.error("dso: \(error)")
        throw ExitCode(1)
    } catch let error as SyncError {
        Terminal.error("dso: \(error)")
        switch error {
        case .transport: throw ExitCode(69)
        case .problem(let p) where p.status == 401: throw ExitCode(77)
        case .notConfigured: throw ExitCode(1)
        default: throw ExitCode(1)
        }
    } catch {
        Terminal.error("dso: \(error)")
        throw ExitCode(1)
    }
}

let jsonEncoder = WireJSON.encoder(pretty: true)

func parseDate(_ text: String) throws -> BusinessDate {
    guard let date = BusinessDate(text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
    return date
}

func moneyList(_ amounts: [Money]) -> String {
    amounts.filter { $0.minor != 0 }.map(\.description).joined(separator: " + ")
}
