import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every qualification of an item, in the order they were recorded (offline).")

    @Argument(help: "Item number or id.") var item: String
    @Flag(help: "Show provenance: who wrote each one, on which replica, when, its server sequence and receive time, and what overrode it.")
    var audit = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            let view = try replica.item(item)
            let history = try replica.history(of: item)
            if global.json { return try printJSON(history, encoder: jsonEncoder) }
            print("\(view.item.number)  \(view.customerCode) \(view.customerName)  due \(view.item.dueDate)  open \(view.item.openAmount)\(view.item.clearedDate.map { "  cleared \($0)" } ?? "")")
            if audit {
                for line in AuditText.history(history) { print(Table.truncate(line, to: global.width ?? Int.max)) }
                return
            }
            var table = Table(["date", "status", "by", "comment", "resolver", "sync"], flexible: [3, 1, 4])
            for entry in history {
                let q = entry.qualification
                let state: Table.Cell = switch entry.state {
                case .pending: .init("pending", .yellow)
                case .accepted: .init("synced")
                case .rejected: .init("rejected: \(entry.rejectionCode ?? "")", .red)
                }
                var status = entry.statusName ?? q.statusCode
                if let promised = q.promisedDate { status += ", for \(promised)" }
                if let amount = q.promisedAmount { status += " (\(amount))" }
                if entry.isCurrent { status += " (current)" }
                table.add([.init(q.statusDate.description), .init(status, entry.isCurrent ? .bold : nil),
                           .init(q.author), .init(q.comment), .init(q.resolver ?? ""), state])
            }
            print(table.render(width: global.width))
        }
    }
}
