import ArgumentParser
import DSOServer
import Foundation

@main
struct DSOServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso-server",
        abstract: "The DSO Sync central server: HTTPS sync endpoint, ERP imports, users and tokens.",
        discussion: """
            All state lives under a data directory (--data, or DSO_DATA, default ./dso-data): the
            central SQLite store and, unless you pass your own certificate, a local CA.

            First run, with sample data:
              dso-server demo --data ./demo-data
            Your own data:
              dso-server import users users.csv --data DIR
              dso-server import customers customers.csv --data DIR
              dso-server import portfolio portfolio.csv --data DIR
              dso-server import items items.csv --mode stock --data DIR
              dso-server user add alice --role collector --data DIR
              dso-server serve --data DIR
            """,
        subcommands: [Serve.self, Demo.self, Import.self, UserCommand.self, Fixtures.self,
                      ScenarioCommand.self, StatusCommand.self, PaymentsCommand.self, SettingsCommand.self])
}

/// The `--data` option shared by every command.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory (default: $DSO_DATA or ./dso-data).", valueName: "DIR"))
    var data: String?

    var directory: URL {
        URL(fileURLWithPath: data ?? ProcessInfo.processInfo.environment["DSO_DATA"] ?? "dso-data").standardizedFileURL
    }

    func openStore() throws -> CentralStore {
        do {
            return try CentralStore(dataDirectory: directory)
        } catch {
            throw ValidationError("cannot open the store in \(directory.path): \(error)")
        }
    }
}

/// Exits non-zero with a one-line message.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Prints a line unbuffered, so that banners show up at once even when stdout is a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
