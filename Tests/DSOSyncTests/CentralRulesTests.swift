import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

@Suite("Central rules reach the replicas", .serialized)
struct CentralRulesTests {
    @Test("scenarios, a customer's scenario, settings and payments replicate and drive the agenda and promises")
    func rulesReplicate() async throws {
        try await TestCluster.with { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let today = TestCluster.asOf
            let customer = try #require(try alice.customers().first { $0.overdueItems >= 2 }).customer
            let items = try alice.items(customerCode: customer.code).filter { $0.item.kind == .invoice }

            // Alice records a promise on the first item while offline.
            let promise = try alice.promise(items: [items[0].item.number], date: today.adding(days: -3), comment: "Transfer ordered")

            // Meanwhile the credit team imports scenarios, moves the customer to "key_accounts",
            // changes the grace days, and imports the customer's payment of that item.
            let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures")
            _ = try await cluster.store.importScenarios(from: fixtures.appendingPathComponent("scenarios.json"))
            let assign = cluster.directory.appendingPathComponent("assign.csv")
            try "code,name,currency,scenario\n\(customer.code),\(customer.name),\(customer.currency),key_accounts\n"
                .write(to: assign, atomically: true, encoding: .utf8)
            #expect(try await cluster.store.importFile(.customers, from: assign).applied)
            _ = try await cluster.store.updateSettings { $0.graceDays = 4 }
            let paid = cluster.directory.appendingPathComponent("paid.csv")
            try "customer,item,date,amount\n\(customer.code),\(items[0].item.number),\(today.adding(days: -1)),\(items[0].item.openAmount.decimalString)\n"
                .write(to: paid, atomically: true, encoding: .utf8)
            let report = try await cluster.store.importFile(.payments, from: paid)
            #expect(report.applied && report.cleared == 1)

            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            // The promise is kept, judged from the payment the server imported.
            #expect(try alice.promises(customerCode: customer.code, today: today).first { $0.promise.id == promise.id }?.state == .kept)
            // The customer's agenda now follows "key_accounts": a courtesy call, no e-mail.
            let entry = try #require(try alice.agenda(today: today, days: 400).first { $0.customerID == customer.id && $0.kind == .scenario })
            #expect(entry.title == "Courtesy call" && entry.channel == .call)
            // The paid item left the open items.
            #expect(try alice.items(customerCode: customer.code).allSatisfy { $0.item.id != items[0].item.id })
        }
    }
}
