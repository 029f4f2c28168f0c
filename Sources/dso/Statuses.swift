import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Statuses: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The status catalogue: codes to use with `dso qualify` (offline).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let statuses = try global.open().statuses().filter(\.active)
            if global.json { return try printJSON(statuses, encoder: jsonEncoder) }
            var table = Table(["code", "name", "type", "follow-up"], alignments: [.left, .left, .left, .right], flexible: [1])
            for s in statuses {
                table.add([.init(s.code), .init(s.name), .init(s.type.rawValue),
                           .init("\(s.followUpDays) d" + (s.followUpChannel.map { " \($0.rawValue)" } ?? ""))])
            }
            print(table.render(width: global.width))
        }
    }
}
