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
            Attach once, then work anywhere: only `init` and `sync` need the network.

              dso init --server https://HOST:8443 --token TOKEN --ca ca.pem
              dso items --overdue
              dso qualify INV-2026-000123 --status promise_to_pay --comment "Pays Friday"
              dso sync

            The replica file is --replica PATH, else $DSO_REPLICA, else ~/.local/share/dso/replica.sqlite. Only `dso init` creates one.

            Dates are YYYY-MM-DD, today, tomorrow, yesterday or +3d (days from today). Amounts use a dot for decimals and no thousands separator: 3000 or 3000.50. Item numbers and customer codes may be typed in any case.

            Tables fit the terminal (80 columns when piped); --wide prints every column in full, --json prints JSON.

            Exit codes: 0 done; 1 refused (unknown item, broken rule, work the server rejected); 64 usage; 69 server unreachable or connection lost; 77 token refused.
            """,
        version: Release.version,
        subcommands: [Init.self, Sync.self, Status.self, Customers.self, Items.self, Qualify.self, History.self, Statuses.self, Users.self,
                      AgendaCommand.self, Act.self, Plan.self, Done.self, Reschedule.self, Cancel.self,
                      Promise.self, DisputeCommand.self, Alerts.self, CustomerCommand.self, ContactsCommand.self, ContactCommand.self,
                      Check.self, ReportCommand.self, ConflictsCommand.self, Repair.self])

    static func main() async {
        await CommandLineRunner.main(DSOCommand.self, arguments: Array(CommandLine.arguments.dropFirst()))
    }
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replica file (default: $DSO_REPLICA or ~/.local/share/dso/replica.sqlite).", valueName: "PATH"))
    var replica: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Print tables in full, however wide (for pipes and wide screens).")
    var wide = false

    var replicaPath: String {
        if let replica { return replica }
        let env = ProcessInfo.processInfo.environment
        if let path = env["DSO_REPLICA"], !path.isEmpty { return path }
        let base = env["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return base.appendingPathComponent("dso/replica.sqlite").path
    }

    /// The width tables fit, `nil` with `--wide`.
    var width: Int? { wide ? nil : Terminal.width }

    /// The existing, attached and fully downloaded replica: what every offline command reads and
    /// writes. Creates nothing.
    func open() throws -> Replica {
        let replica = try openAttached()
        guard try replica.isDownloadComplete() else { throw ReplicaError.incompleteDownload }
        return replica
    }

    /// The existing, attached replica, complete or not (`sync` finishes a first download).
    func openAttached() throws -> Replica {
        let replica = try Replica(path: replicaPath, create: false)
        guard try replica.account() != nil else { throw ReplicaError.notAttached }
        return replica
    }
}

/// Runs a command body, turning failures into a one-line message and a meaningful exit code.
/// `retry` is the command to run again after a network failure.
func reporting(retry: String = "dso sync", _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as UsageError {
        Terminal.error("dso: \(error.message)")
        throw ExitCode(CommandLineRunner.usageExitCode)
    } catch let error as ReplicaError {
        if case .rule(let rule) = error, let hint = hint(for: rule) {
            Terminal.error("dso: \(rule.message); \(hint)")
        } else {
            Terminal.error("dso: \(error)")
        }
        throw ExitCode(1)
    } catch let error as SyncError {
        Terminal.error("dso: \(message(for: error, retry: retry))")
        throw ExitCode(exitCode(for: error))
    } catch where Replica.isDamage(error) {
        Terminal.error("dso: the replica file is damaged (\(error)); run `dso repair` to rebuild it from the server (your unsynced work is kept)")
        throw ExitCode(1)
    } catch {
        Terminal.error("dso: \(error)")
        throw ExitCode(1)
    }
}

/// The sentence a person reads for a sync failure, with what to do next.
func message(for error: SyncError, retry: String = "dso sync") -> String {
    switch error {
    case .problem(let p) where p.status == 401:
        "the server refused your token (revoked or unknown); ask the credit team for a new token, then run `dso init --server URL --token NEW-TOKEN` again"
    case .problem(let p) where p.status == 426:
        "the server speaks protocol versions \(p.supportedVersions ?? []); this dso speaks \(ProtocolVersion.current): install the dso that matches the server"
    case .problem(let p) where p.code == .invalidCursor:
        "the server no longer recognises this replica's position (\(p.detail ?? "")); run `dso sync` again to download your portfolio anew"
    case .problem(let p):
        "the server refused the request: \(p.detail ?? p.title) [\(p.code)]"
    case .unreachable, .transport:
        "\(error); check the network and run `\(retry)` again (nothing is lost)"
    default:
        "\(error)"
    }
}

func exitCode(for error: SyncError) -> Int32 {
    switch error {
    case .transport, .unreachable: 69
    case .problem(let p) where p.status == 401: 77
    case .problem(let p) where p.status >= 500: 69
    case .badResponse(let status, _) where status >= 500: 69
    default: 1
    }
}

/// What to do about a broken rule, when the rule's message does not say it already.
func hint(for error: DomainError) -> String? {
    switch error.code {
    case .resolverRequired: "name who resolves it with --resolver LOGIN (`dso users` lists them)"
    case .commentRequired: "give the customer's words with --comment"
    case .itemCleared: "it is paid; `dso items` lists what is still open"
    case .itemsOfSeveralCustomers: "qualify each customer's items with a separate command"
    case .inactiveStatus: "`dso statuses` lists the statuses in use"
    case .commentTooLong: "shorten it"
    case .noteTooLong: "shorten it"
    case .duplicateItem: "name each item once"
    case .tooManyItems: "split the items into several commands"
    case .notADisputeStatus: nil
    case .promiseAboveOpen: "promise at most the open amount, or leave --amount out"
    default: nil
    }
}

/// A bad value given on the command line, found once the replica was open (a date, an amount).
struct UsageError: Error {
    var message: String
}

let jsonEncoder = WireJSON.encoder(pretty: true)

/// A date as typed: YYYY-MM-DD, today, tomorrow, yesterday, +3d.
func parseDate(_ text: String, option: String = "date") throws -> BusinessDate {
    do {
        return try UserInput.date(text, today: .today())
    } catch {
        throw ValidationError("--\(option): \(error.message)")
    }
}

func moneyList(_ amounts: [Money]) -> String {
    amounts.filter { $0.minor != 0 }.map(\.description).joined(separator: " + ")
}
