import ArgumentParser
import DSOModel
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

extension Role: ExpressibleByArgument {}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users and their bearer tokens.",
        subcommands: [Add.self, Token.self, Revoke.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user and print their bearer token (shown once; only its hash is stored).")
        @Argument(help: "Login: lower-case letters, digits, '.', '_' or '-'.") var login: String
        @Option(help: "collector (own portfolio), manager or admin (everything), resolver (named on disputes, no portfolio).") var role: Role
        @Option(help: "Display name.") var name: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await reporting {
                let token = try data.openStore().addUser(User(login: login, name: name, role: role))
                print(token)
                Terminal.error("Created \(role.rawValue) '\(login)'. Give them the token above; it is not shown again.")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an additional token for an existing user.")
        @Argument var login: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting { print(try data.openExistingStore().issueToken(login: login)) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every token of a user.")
        @Argument var login: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting {
                let store = try data.openExistingStore()
                guard try store.users().contains(where: { $0.login == login }) else { throw Failure("no user '\(login)' (`dso-server user list` lists them)") }
                let count = try store.revokeTokens(login: login)
                print("Revoked \(count) token(s) of \(login). Their replicas can no longer sync; `dso-server user token \(login)` issues a new one.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await reporting {
                let users = try data.openExistingStore().users()
                if json { return try printJSON(users, encoder: WireJSON.encoder(pretty: true)) }
                var table = Table(["login", "role", "name"], flexible: [2])
                for u in users { table.add([.init(u.login), .init(u.role.rawValue), .init(u.name ?? "")]) }
                print(table.render())
            }
        }
    }
}
