import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Items: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open items with their current status, oldest due date first (offline).")

    @Option(help: ArgumentHelp("Only this customer's items.", valueName: "CODE")) var customer: String?
    @Option(help: ArgumentHelp("Only the items of this collector's customers (for managers).", valueName: "LOGIN")) var collector: String?
    @Flag(help: "Only items past their due date.") var overdue = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            var items = try replica.items(customerCode: customer, overdueOnly: overdue)
            if let collector {
                let theirs = try CollectorFilter.customers(of: collector, in: replica)
                items = items.filter { theirs.contains($0.item.customerID) }
            }
            if global.json { return try printJSON(items, encoder: jsonEncoder) }
            var table = Table(["item", "cust", "due", "days", "open", "status", "since"],
                              alignments: [.left, .left, .left, .right, .right, .left, .left], flexible: [5, 0])
            for v in items {
                let late = v.overdueDays > 0
                let status = (v.statusName ?? v.current?.statusCode ?? "-") + (v.currentState == .pending ? " *" : "")
                table.add([.init(v.item.number), .init(v.customerCode), .init(v.item.dueDate.description),
                           .init(String(v.overdueDays), late ? .red : nil), .init(v.item.openAmount.description),
                           .init(status, v.current == nil && late ? .yellow : nil), .init(v.current?.statusDate.description ?? "")])
            }
            print(table.render(width: global.width))
            let pending = items.filter { $0.currentState == .pending }.count
            print("\(items.count) items" + (pending > 0 ? "; * = not yet synced (\(pending))" : ""))
        }
    }
}
