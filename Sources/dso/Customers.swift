import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Customers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Your customers with their open and overdue balances (offline).")

    @Option(help: ArgumentHelp("Only this collector's customers (for managers).", valueName: "LOGIN")) var collector: String?
    @OptionGroup var list: ListOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let replica = try global.open()
            if let collector { try CollectorFilter.check(collector, in: replica) }
            let customers = try replica.customers(collector: collector, limit: list.rows(json: global.json))
            if global.json { return try printJSON(customers, encoder: jsonEncoder) }
            var table = Table(["code", "name", "collector", "open", "late", "open amount", "overdue amount"],
                              alignments: [.left, .left, .left, .right, .right, .right, .right], flexible: [1, 2])
            for c in customers {
                table.add([.init(c.customer.code), .init(c.customer.name), .init(c.customer.collector ?? "-"),
                           .init(String(c.openItems)), .init(String(c.overdueItems), c.overdueItems > 0 ? .red : nil),
                           .init(moneyList(c.openAmounts)), .init(moneyList(c.overdueAmounts), c.overdueItems > 0 ? .red : nil)])
            }
            print(table.render(width: global.width))
            let total = customers.count < (list.rows(json: false) ?? Int.max) ? customers.count : try replica.customerCount(collector: collector)
            print(ListOptions.footer(shown: customers.count, total: total, noun: "customers"))
        }
    }
}
