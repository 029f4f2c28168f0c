import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The users the server knows: logins to name as a dispute's resolver (offline).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let users = try global.open().users()
            if global.json { return try printJSON(users, encoder: jsonEncoder) }
            var table = Table(["login", "role", "name"], flexible: [2])
            for u in users { table.add([.init(u.login), .init(u.role.rawValue), .init(u.name ?? "")]) }
            print(table.render(width: global.width))
        }
    }
}
