import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Customers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Your customers with their open and overdue balances (offline).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let customers = try global.open().customers()
            if global.json { return try printJSON(customers, encoder: jsonEncoder) }
            var table = Table(["code", "name", "collector", "open", "overdue", "open amount", "overdue amount"],
                              alignments: [.left, .left, .left, .right, .right, .right, .right])
            for c in customers {
                table.add([.init(c.customer.code), .init(c.customer.name), .init(c.customer.collector ?? "-"),
                           .init(String(c.openItems)), .init(String(c.overdueItems), c.overdueItems > 0 ? .red : nil),
                           .init(moneyList(c.openAmounts)), .init(moneyList(c.overdueAmounts), c.overdueItems > 0 ? .red : nil)])
            }
            print(table.render())
            print("\(customers.count) customers")
        }
    }
}
