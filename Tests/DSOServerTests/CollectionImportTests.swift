import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import Testing

@Suite("Central collection data: statuses, scenarios, settings, payments")
struct CollectionImportTests {
    @Test("payments lower open amounts, clear paid items, are recognised when imported again, and cancel obsolete plans", arguments: TestEngine.available)
    func payments(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first { $0.collector == "alice" })
        let items = try fx.store.itemStates().map(\.item).filter { $0.customerID == customer.id && $0.kind == .invoice }
            .sorted { $0.number < $1.number }
        let (a, b) = (items[0], items[1])
        // alice planned a call on A alone, and one on A and B.
        let alice = User(login: "alice", role: .collector)
        let clock = HLCClock()
        func plan(_ targets: [OpenItem]) -> ActionEvent {
            ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: customer.id, kind: .created, date: BusinessDate("2026-12-01")!,
                        actionKind: .specific, channel: .call, itemIDs: targets.map(\.id), author: "alice", replicaID: UUIDv7.make(), hlc: clock.now())
        }
        let onA = plan([a]), onAB = plan([a, b])
        let pushed = try await fx.store.push(PushRequest(replicaID: UUIDv7.make(), changes: [Change(onA), Change(onAB)]), by: alice)
        #expect(pushed.results.allSatisfy { $0.outcome == .accepted })

        let half = Money(minor: b.openAmount.minor / 2, currency: b.openAmount.currency)
        let file = try fx.file("payments.csv", """
            customer,item,date,amount,reference
            \(customer.code),\(a.number),2026-11-20,\(a.openAmount.decimalString),BANK-1
            \(customer.code),\(b.number),2026-11-21,\(half.decimalString),BANK-2

            """)
        let report = try await fx.store.importFile(.payments, from: file)
        #expect(report.applied && report.cleared == 1 && report.created == 1)
        #expect(report.cancelledActions == 1)
        let states = Dictionary(uniqueKeysWithValues: try fx.store.itemStates().map { ($0.item.id, $0.item) })
        #expect(states[a.id]?.clearedDate == BusinessDate("2026-11-20") && states[a.id]?.openAmount.minor == 0)
        #expect(states[b.id]?.openAmount.minor == b.openAmount.minor - half.minor && states[b.id]?.isCleared == false)
        let actions = Dictionary(uniqueKeysWithValues: try fx.store.actions().map { ($0.id, $0) })
        #expect(actions[onA.actionID]?.state == .cancelled && actions[onA.actionID]?.closedBy == "system")
        #expect(actions[onAB.actionID]?.state == .planned)
        #expect(try fx.store.counts()["payments"] == 2)

        // The same file again changes nothing.
        let before = try fx.store.counts()
        let again = try await fx.store.importFile(.payments, from: file)
        #expect(again.applied && again.unchanged == 2 && again.cancelledActions == 0)
        #expect(try fx.store.counts() == before)

        let bad = try fx.file("bad-payments.csv", """
            customer,item,date,amount
            \(customer.code),NO-SUCH,2026-11-20,10.00
            \(customer.code),\(b.number),2026-11-20,-5
            \(customer.code),\(b.number),20/11/2026,5

            """)
        let refused = try await fx.store.importFile(.payments, from: bad)
        #expect(!refused.applied && refused.rejected.map(\.line) == [2, 3, 4])
        #expect(try fx.store.counts() == before)
    }

    @Test("statuses: created, changed, never moved to another type", arguments: TestEngine.available)
    func statuses(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let file = try fx.file("statuses.csv", "code,name,type,follow_up_days,channel\nbailiff_sent,Bailiff sent,litigation,20,letter\npromise_to_pay,Promise to pay,promise_to_pay,3,call\n")
        let report = try await fx.store.importFile(.statuses, from: file)
        #expect(report.applied && report.created == 1 && report.updated == 1)
        #expect(try fx.store.statuses().first { $0.code == "promise_to_pay" }?.followUpDays == 3)
        let bad = try fx.file("statuses-bad.csv", "code,name,type\nprice_dispute,Price,ongoing\nBad Code,x,ongoing\nfoo,Foo,nonsense\n")
        let refused = try await fx.store.importFile(.statuses, from: bad)
        #expect(refused.rejected.map(\.line) == [2, 3, 4] && refused.rejected[0].reason.contains("never changes type"))
    }

    @Test("scenarios: a JSON file, all or nothing; customers name theirs; settings are validated", arguments: TestEngine.available)
    func scenariosAndSettings(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scenarios.json")
        #expect(try await fx.store.importScenarios(from: fixtures) == 1)        // "standard" is already the default
        #expect(try fx.store.scenarios().map(\.code) == ["key_accounts", "standard"])
        let broken = try fx.file("broken.json", #"[{"code":"x","name":"X","steps":[{"name":"Call","channel":"fax","offsetDays":1,"trigger":"leader_due_date"}]}]"#)
        await #expect(throws: CollectionImportError.self) { try await fx.store.importScenarios(from: broken) }
        let customers = try fx.file("c.csv", "code,name,currency,scenario\nC0001,Renamed,EUR,key_accounts\nC0002,Other,EUR,nope\n")
        let report = try await fx.store.importFile(.customers, from: customers)
        #expect(report.rejected.map(\.line) == [3])
        let ok = try fx.file("c2.csv", "code,name,currency,scenario\nC0001,Renamed,EUR,key_accounts\n")
        #expect(try await fx.store.importFile(.customers, from: ok).applied)
        #expect(try fx.store.customer(code: "C0001")?.scenario == "key_accounts")
        let settings = try await fx.store.updateSettings { $0.graceDays = 5 }
        let stored = try fx.store.collectionSettings()
        #expect(settings.graceDays == 5 && stored.graceDays == 5)
        await #expect(throws: CollectionImportError.self) { try await fx.store.updateSettings { $0.alertDisputeDays = 0 } }
    }
}
