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
    @OptionGroup var list: ListOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            if let collector { try CollectorFilter.check(collector, in: replica) }
            let items = try replica.items(customerCode: customer, overdueOnly: overdue, collector: collector, limit: list.rows(json: global.json))
            if global.json { return try printJSON(items, encoder: jsonEncoder) }
            // One customer's items need no customer column: the room goes to the status.
            let showCustomer = customer == nil
            var headers = ["item", "cust", "due", "days", "open", "status", "since"]
            var alignments: [Table.Alignment] = [.left, .left, .left, .right, .right, .left, .left]
            if !showCustomer { headers.remove(at: 1); alignments.remove(at: 1) }
            var table = Table(headers, alignments: alignments, flexible: [showCustomer ? 5 : 4])
            for v in items {
                let late = v.overdueDays > 0
                // The "not yet synced" mark leads, so that a shortened status keeps it.
                let status = (v.currentState == .pending ? "* " : "") + (v.statusName ?? v.current?.statusCode ?? "-")
                var cells: [Table.Cell] = [.init(v.item.number), .init(v.customerCode), .init(v.item.dueDate.description),
                                           .init(String(v.overdueDays), late ? .red : nil), .init(v.item.openAmount.description),
                                           .init(status, v.current == nil && late ? .yellow : nil), .init(v.current?.statusDate.description ?? "")]
                if !showCustomer { cells.remove(at: 1) }
                table.add(cells)
            }
            print(table.render(width: global.width))
            let pending = items.filter { $0.currentState == .pending }.count
            let total = items.count < (list.rows(json: false) ?? Int.max) ? items.count
                : try replica.itemCount(customerCode: customer, overdueOnly: overdue, collector: collector)
            print(ListOptions.footer(shown: items.count, total: total, noun: "items") + (pending > 0 ? "; * = not yet synced (\(pending))" : ""))
        }
    }
}
