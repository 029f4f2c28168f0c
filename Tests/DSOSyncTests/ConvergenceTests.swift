import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Offline qualification and convergence over HTTPS", .serialized)
struct ConvergenceTests {
    @Test("two collectors and a manager qualify offline, sync, and agree with the server", arguments: TestEngine.available)
    func twoCollectorsConverge(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.replica("alice")
            let bruno = try await cluster.replica("bruno")
            let claire = try await cluster.replica("claire")
            for (replica, login) in [(alice, "alice"), (bruno, "bruno"), (claire, "claire")] {
                try await replica.sync(client: try cluster.client(login), retry: quickRetry)
            }

            // Offline work on both collectors' replicas (no network calls below until sync).
            let aliceItems = try alice.items(overdueOnly: true, today: TestCluster.asOf)
            let brunoItems = try bruno.items(overdueOnly: true, today: TestCluster.asOf)
            #expect(!aliceItems.isEmpty && !brunoItems.isEmpty)
            #expect(Set(aliceItems.map(\.customerCode)).isDisjoint(with: Set(brunoItems.map(\.customerCode))))

            let a1 = aliceItems[0]
            let a2 = try #require(aliceItems.first { $0.customerCode == a1.customerCode && $0.item.id != a1.item.id })
            try alice.qualify(items: [a1.item.number, a2.item.number], status: "reminder_sent", comment: "Reminder by phone")
            try alice.qualify(items: [a1.item.number], status: "promise_to_pay", comment: "Pays Friday",
                              statusDate: BusinessDate("2026-11-27"))
            let b1 = brunoItems[0]
            try bruno.qualify(items: [b1.item.number], status: "price_dispute", comment: "Unit price differs from the order",
                              resolver: "sales.north")
            // The manager qualifies one of alice's items concurrently, offline too.
            try claire.qualify(items: [a2.item.id.uuidString], status: "litigation", comment: "Sent to the lawyer")

            // Two qualifications, each with the follow-up action it plans.
            #expect(try alice.pendingCount() == 4)
            #expect(try alice.item(a1.item.number).currentState == .pending)
            #expect(try alice.item(a1.item.number).current?.statusCode == "promise_to_pay")

            for (replica, login) in [(alice, "alice"), (bruno, "bruno"), (claire, "claire"), (alice, "alice"), (bruno, "bruno")] {
                let report = try await replica.sync(client: try cluster.client(login), retry: quickRetry)
                #expect(report.rejected == 0)
            }

            let server = try await ServerView(store: cluster.store)
            #expect(server.qualifications.count == 4)
            // The manager's replica holds every item, with the server's current status and history.
            try expectAgrees(claire, with: server, customers: nil)
            // Each collector holds exactly their portfolio, agreeing with the server.
            try expectAgrees(alice, with: server, customers: server.portfolio("alice"))
            try expectAgrees(bruno, with: server, customers: server.portfolio("bruno"))
            #expect(try alice.status().pendingChanges == 0)
            // The follow-ups too: the same actions on the server and the manager's replica.
            #expect(Set(try claire.actions()) == Set(try cluster.store.actions()))
            #expect(try cluster.store.actions().count == 4)
            #expect(try alice.item(a1.item.number).currentState == .accepted)
            // a2: alice's reminder and claire's litigation; the later HLC wins everywhere.
            let a2History = try alice.history(of: a2.item.number)
            #expect(a2History.map(\.qualification.statusCode) == ["reminder_sent", "litigation"])
            #expect(a2History.last?.isCurrent == true)
            #expect(try bruno.items().allSatisfy { $0.customerCode != a1.customerCode })
        }
    }
}

/// The server's state, read directly from its store.
struct ServerView {
    var items: [UUID: ItemState]
    var qualifications: [Qualification]
    var customers: [Customer]

    init(store: CentralStore) async throws {
        items = Dictionary(uniqueKeysWithValues: try store.itemStates().map { ($0.item.id, $0) })
        qualifications = try store.qualifications()
        customers = try store.customers()
    }

    func portfolio(_ login: String) -> Set<String> {
        Set(customers.filter { $0.collector == login }.map(\.code))
    }

    func history(of item: UUID) -> Set<UUID> {
        Set(qualifications.filter { $0.itemIDs.contains(item) }.map(\.id))
    }
}

/// Every open item of the replica (and only those of `customers`, when given) has the server's
/// current status and history; and the replica misses none of the server's items in its scope.
func expectAgrees(_ replica: Replica, with server: ServerView, customers: Set<String>?,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    let local = try replica.items()
    let codes = Dictionary(uniqueKeysWithValues: server.customers.map { ($0.id, $0.code) })
    let expected = server.items.values.filter { state in
        !state.item.isCleared && customers.map { $0.contains(codes[state.item.customerID]!) } ?? true
    }
    #expect(local.count == expected.count, sourceLocation: sourceLocation)
    for view in local {
        let state = try #require(server.items[view.item.id], sourceLocation: sourceLocation)
        if let customers { #expect(customers.contains(view.customerCode), sourceLocation: sourceLocation) }
        #expect(view.item == state.item, sourceLocation: sourceLocation)
        #expect(view.current == state.current, "current status of \(view.item.number)", sourceLocation: sourceLocation)
        let history = Set(try replica.history(of: view.item.id.uuidString).map(\.qualification.id))
        #expect(history == server.history(of: view.item.id), "history of \(view.item.number)", sourceLocation: sourceLocation)
    }
}
