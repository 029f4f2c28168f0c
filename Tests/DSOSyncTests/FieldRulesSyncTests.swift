import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Rules clarified after the first field tests, end to end", .serialized)
struct FieldRulesSyncTests {
    @Test("users reach every replica (never a token); an unknown resolver is refused offline", arguments: TestEngine.available)
    func usersReplicate(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let users = try alice.users()
            #expect(Set(users.map(\.login)) == Set(FixtureGenerator.users.map(\.login)))
            #expect(users.first { $0.login == "sales.north" }?.role == .resolver)
            let item = try #require(try alice.items(today: TestCluster.asOf).first).item.number
            for attempt in [{ try alice.openDispute(items: [item], status: "price_dispute", resolver: "nobody", comment: "too dear") },
                            { try alice.qualify(items: [item], status: "quality_dispute", comment: "scratched", resolver: "sales") }] {
                #expect {
                    try attempt()
                } throws: { error in
                    guard case .rule(let rule) = error as? ReplicaError else { return false }
                    return rule.code == .unknownResolver
                }
            }
            #expect(try alice.pendingCount() == 0)
            // A user added later reaches the replica on its next sync.
            _ = try cluster.store.addUser(User(login: "dora", name: "Dora (logistics)", role: .resolver))
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(try alice.users().contains { $0.login == "dora" && $0.role == .resolver })
            try alice.openDispute(items: [item], status: "price_dispute", resolver: "dora", comment: "too dear")
            // No token went anywhere near a pull page.
            let page = try await cluster.client("claire").pull(after: nil, limit: 1000)
            let tokens = cluster.tokens.values
            let body = String(decoding: try WireJSON.encoder().encode(page), as: UTF8.self)
            #expect(!tokens.contains { body.contains($0) })
        }
    }

    @Test("a promise above what is open is refused offline with the open amount; a promise keeps both of its dates", arguments: TestEngine.available)
    func promiseAmounts(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let view = try #require(try alice.items(today: TestCluster.asOf).first { $0.item.kind == .invoice && $0.item.openAmount.minor > 100 })
            let open = view.item.openAmount
            let above = Money(minor: open.minor + 1, currency: open.currency)
            #expect {
                try alice.promise(items: [view.item.number], date: TestCluster.asOf.adding(days: 5), amount: above)
            } throws: { error in
                guard case .rule(let rule) = error as? ReplicaError else { return false }
                return rule.code == .promiseAboveOpen && rule.message.contains(open.description)
            }
            let made = BusinessDate("2026-11-22")!
            let q = try alice.promise(items: [view.item.number], date: made.adding(days: 5), amount: open, today: made)
            #expect(q.statusDate == made && q.promisedDate == made.adding(days: 5))
            let followUp = try #require(try alice.actions().first { $0.qualificationID == q.id })
            #expect(followUp.kind == .specific && followUp.date == made.adding(days: 7))
            let report = try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            #expect(report.rejected == 0)
            #expect(try cluster.store.qualifications().first { $0.id == q.id }?.promisedDate == made.adding(days: 5))
        }
    }

    @Test("a follow-up a newer qualification superseded cannot be marked done (it would close the dispute)", arguments: TestEngine.available)
    func supersededFollowUp(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let item = try #require(try alice.items(today: TestCluster.asOf).first).item.number
            let opening = try alice.openDispute(items: [item], status: "quality_dispute", resolver: "tech.support", comment: "scratched")
            try alice.qualify(items: [item], status: "price_dispute", comment: "and too dear", resolver: "sales.north")
            #expect(try alice.action(id: opening.followUpID)?.isOpen == true)       // its own events say planned
            #expect {
                try alice.completeAction(opening.followUpID.uuidString, outcome: .reached)
            } throws: { error in
                guard case .rule(let rule) = error as? ReplicaError else { return false }
                return rule.message.contains("superseded")
            }
            #expect(try alice.disputes().filter(\.isOpen).map(\.id) == [opening.id])
        }
    }
}
