import ArgumentParser
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation
import GRDB

@main
struct DSOServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso-server",
        abstract: "The DSO Sync central server: HTTPS sync endpoint, ERP imports, users and tokens.",
        discussion: """
            All state lives under a data directory (--data, or DSO_DATA, default ./dso-data): the central SQLite store and, unless you pass your own certificate, a local CA. It is readable by its owner only. Commands that only read (user list, settings show, scenario list) and `serve` refuse a data directory that does not exist; imports and `user add` create it.

            First run, with sample data:
              dso-server demo --data ./demo-data

            Your own data:
              dso-server import users users.csv --data DIR
              dso-server import customers customers.csv --data DIR
              dso-server import portfolio portfolio.csv --data DIR
              dso-server import items items.csv --mode stock --data DIR
              dso-server user add alice --role collector --data DIR
              dso-server serve --data DIR

            Exit codes: 0 done; 1 refused (rows rejected, unknown user); 64 usage; 69 the port is taken or another server holds the data directory.
            """,
        version: Release.version,
        subcommands: [Serve.self, Demo.self, Import.self, UserCommand.self, Fixtures.self,
                      ScenarioCommand.self, StatusCommand.self, PaymentsCommand.self, SettingsCommand.self, Check.self,
                      ReportCommand.self, Assign.self, ConflictsCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self])

    static func main() async {
        await CommandLineRunner.main(DSOServerCommand.self, arguments: Array(CommandLine.arguments.dropFirst()))
    }
}

/// The `--data` option shared by every command.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory (default: $DSO_DATA or ./dso-data).", valueName: "DIR"))
    var data: String?

    var directory: URL {
        let env = ProcessInfo.processInfo.environment["DSO_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        return URL(fileURLWithPath: data ?? env ?? "dso-data").standardizedFileURL
    }

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL central store instead of the data directory's SQLite one (default: $DSO_STORE): postgres://USER@HOST:PORT/DATABASE; the password from PGPASSWORD.",
                                            valueName: "URL"))
    var store: String?

    /// The PostgreSQL store named by `--store` or `DSO_STORE`, if any.
    func postgresLocation() throws -> PostgresLocation? {
        let env = ProcessInfo.processInfo.environment["DSO_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url = store ?? env else { return nil }
        do { return try PostgresLocation(url: url) } catch let error as PostgresLocationError { throw ValidationError(error.description) }
    }

    var storeExists: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("central.sqlite").path) }

    /// Opens the store, creating the data directory if needed (imports, `user add`). A
    /// PostgreSQL store must have been created by `dso-server migrate --store`.
    func openStore(poolSize: Int = 2) throws -> CentralStore {
        if let location = try postgresLocation() {
            do {
                return try CentralStore(postgres: location, poolSize: poolSize, migrate: false)
            } catch let error as StoreUnavailable {
                throw Failure("\(location.redacted): \(error.description); check that PostgreSQL runs and the URL, then run again", exitCode: 69)
            } catch let error as StoreNotMigrated {
                throw Failure(error.description)
            }
        }
        do {
            return try CentralStore(dataDirectory: directory)
        } catch let error as DatabaseError {
            throw Failure("cannot open the store in \(directory.path): \(error.message ?? "SQLite error \(error.resultCode)")")
        } catch let error as CocoaError {
            throw Failure("cannot open the store in \(directory.path): \(error.localizedDescription)")
        } catch {
            throw Failure("cannot open the store in \(directory.path): \(error)")
        }
    }

    /// Opens an existing store; creates nothing (commands that read, `serve`).
    func openExistingStore(poolSize: Int = 2) throws -> CentralStore {
        if try postgresLocation() != nil { return try openStore(poolSize: poolSize) }
        guard storeExists else {
            throw Failure("no data directory at \(directory.path): pass --data DIR (or set DSO_DATA), or create one with `dso-server demo --data DIR` or an import")
        }
        return try openStore()
    }
}

/// Exits non-zero with a one-line message.
struct Failure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        description = message
        self.exitCode = exitCode
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
    } catch let error as Failure {
        Terminal.error("dso-server: \(error.description)")
        throw ExitCode(error.exitCode)
    } catch let error as UserError {
        Terminal.error("dso-server: \(error.description)")
        throw ExitCode(1)
    } catch let error as CollectionImportError {
        Terminal.error("dso-server: \(error)")
        throw ExitCode(1)
    } catch {
        Terminal.error("dso-server: \(error)")
        throw ExitCode(1)
    }
}

/// Prints a line unbuffered, so that banners show up at once even when stdout is a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
