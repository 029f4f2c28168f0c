import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import Testing

/// A pull delivers the caller's scope at the time of the pull, and only through cursors this
/// store issued to this caller.
@Suite("Central store: pull scope and cursor authentication")
struct CursorScopeTests {
    let alice = User(login: "alice", role: .collector)
    let bruno = User(login: "bruno", role: .collector)

    /// Pulls until caught up, from `cursor`; returns every change and the last cursor.
    func pullAll(_ store: CentralStore, after cursor: String?, for user: User) async throws -> (changes: [ServerChange], next: String) {
        var cursor = cursor
        var changes: [ServerChange] = []
        for _ in 0..<10_000 {
            let page = try WireJSON.decoder().decode(PullResponse.self, from: try await store.pull(after: cursor, limit: 50, for: user).body)
            changes += page.changes
            cursor = page.next
            if !page.more { break }
        }
        return (changes, cursor!)
    }

    func move(_ code: String, to login: String, _ fx: StoreFixture) async throws {
        let file = try fx.file("move-\(UUID().uuidString).csv", "customer,collector\n\(code),\(login)\n")
        let report = try await fx.store.importFile(.portfolio, from: file)
        #expect(report.applied && report.updated == 1, "\(report.rejected)")
    }

    /// Bruno qualifies an item of `customer`; returns the qualification.
    func brunoQualifies(_ customer: Customer, _ fx: StoreFixture) async throws -> Qualification {
        let item = try #require(try fx.store.itemStates().first { $0.item.customerID == customer.id && !$0.item.isCleared }).item
        let q = Qualification(id: UUIDv7.make(), customerID: customer.id, itemIDs: [item.id], statusCode: "contacted",
                              comment: "bruno's call", statusDate: StoreFixture.asOf, author: "bruno", replicaID: UUIDv7.make(),
                              hlc: HLCClock().now())
        let answer = try await fx.store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: bruno)
        #expect(answer.results.first?.outcome == .accepted)
        return q
    }

    /// Every row of the changes that belongs to `customer`, removals aside.
    func rows(of customer: UUID, in changes: [ServerChange]) -> [ServerChange] {
        changes.filter { change in
            if case .customerRemoved = change.body { return false }
            return change.body.customerID == customer
        }
    }

    @Test("C0003 chloe → alice → bruno, then bruno qualifies: alice's next pull carries none of it, only the removal", arguments: TestEngine.available)
    func passingThroughThePortfolio(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let c3 = try #require(try fx.store.customer(code: "C0003"))
        #expect(c3.collector == "chloe")
        let (mine, cursor) = try await pullAll(fx.store, after: nil, for: alice)
        #expect(rows(of: c3.id, in: mine).isEmpty)

        try await move("C0003", to: "alice", fx)
        try await move("C0003", to: "bruno", fx)
        let q = try await brunoQualifies(c3, fx)

        let (later, _) = try await pullAll(fx.store, after: cursor, for: alice)
        #expect(rows(of: c3.id, in: later).isEmpty, "alice received rows of a customer that is no longer hers")
        #expect(!later.contains { if case .qualification(let x) = $0.body { x.id == q.id } else { false } })
        #expect(later.contains { if case .customerRemoved(let r) = $0.body { r.customerID == c3.id } else { false } })

        // Bruno, who owns it now, gets the customer, its items and his qualification.
        let (brunos, _) = try await pullAll(fx.store, after: nil, for: bruno)
        #expect(brunos.contains { if case .qualification(let x) = $0.body { x.id == q.id } else { false } })
        #expect(brunos.contains { if case .customer(let c) = $0.body { c.id == c3.id } else { false } })
    }

    @Test("a customer that comes back is delivered in full, with what happened while it was away", arguments: TestEngine.available)
    func comingBack(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let c1 = try #require(try fx.store.customer(code: "C0001"))
        #expect(c1.collector == "alice")
        let (_, cursor) = try await pullAll(fx.store, after: nil, for: alice)
        try await move("C0001", to: "bruno", fx)
        let q = try await brunoQualifies(c1, fx)
        try await move("C0001", to: "alice", fx)
        let (later, _) = try await pullAll(fx.store, after: cursor, for: alice)
        let removal = try #require(later.firstIndex { if case .customerRemoved(let r) = $0.body { r.customerID == c1.id } else { false } })
        let entry = try #require(later.lastIndex { if case .customer(let c) = $0.body { c.id == c1.id } else { false } })
        #expect(removal < entry)
        #expect(later[entry...].contains { if case .qualification(let x) = $0.body { x.id == q.id } else { false } })
    }

    @Test("a pull from the start of the log gives the current portfolio only, plus removal notices", arguments: TestEngine.available)
    func fromTheStartOfTheLog(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        try await move("C0003", to: "alice", fx)
        try await move("C0003", to: "bruno", fx)
        _ = try await brunoQualifies(try #require(try fx.store.customer(code: "C0003")), fx)
        // Even a genuine cursor at the log's start (issued by this store to alice) shows only
        // what is hers now.
        let (changes, _) = try await pullAll(fx.store, after: try fx.store.cursor(.log(after: 0), for: alice), for: alice)
        let hers = Set(try fx.store.customers().filter { $0.collector == "alice" }.map(\.id))
        for change in changes {
            if case .customerRemoved = change.body { continue }
            guard let customer = change.body.customerID else { continue }
            #expect(hers.contains(customer), "\(change.body.kind.rawValue) of a customer that is not alice's")
        }
    }

    @Test("a crafted, edited or foreign cursor is refused", arguments: TestEngine.available)
    func forgedCursors(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let (_, aliceCursor) = try await pullAll(fx.store, after: nil, for: alice)
        let (_, brunoCursor) = try await pullAll(fx.store, after: nil, for: bruno)
        let server = fx.store.serverID.uuidString
        func b64(_ text: String) -> String { Base64URL.encode(Data(text.utf8)) }
        let macOfAlice = String(aliceCursor.split(separator: ".")[1])
        let forged = [
            b64("v1:\(server):log:0"),                              // the old, unsigned format
            b64("c2:\(server):alice:collector:log:0"),                        // no MAC
            b64("c2:\(server):alice:collector:log:0") + "." + macOfAlice,     // another cursor's MAC
            b64("c2:\(server):alice:collector:log:0") + "." + b64(String(repeating: "x", count: 32)),
            aliceCursor + "A",
            String(aliceCursor.dropLast()),
        ]
        for token in forged {
            await #expect(throws: InvalidCursor.self, "\(token)") { try await fx.store.pull(after: token, limit: 10, for: alice) }
        }
        // Bruno's genuine cursor is his, not alice's.
        await #expect(throws: InvalidCursor.self) { try await fx.store.pull(after: brunoCursor, limit: 10, for: alice) }
        #expect(try await fx.store.pull(after: brunoCursor, limit: 10, for: bruno).count == 0)
        #expect(try await fx.store.pull(after: aliceCursor, limit: 10, for: alice).count == 0)
    }

    @Test("a user whose role changed gets invalid_cursor, so that her replica downloads its new scope", arguments: TestEngine.available)
    func roleChange(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let (_, cursor) = try await pullAll(fx.store, after: nil, for: alice)
        let promoted = User(login: "alice", role: .manager)
        await #expect(throws: InvalidCursor.self) { try await fx.store.pull(after: cursor, limit: 10, for: promoted) }
        #expect(try await fx.store.pull(after: cursor, limit: 10, for: alice).count == 0)
    }

    @Test("a cursor survives a restart: the key is kept in the store", arguments: TestEngine.available)
    func keyIsPersistent(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let (_, cursor) = try await pullAll(fx.store, after: nil, for: alice)
        let reopened = try fx.reopen()
        #expect(try await reopened.pull(after: cursor, limit: 10, for: alice).count == 0)
    }

    @Test("a collector's log page is the same whether the store scans the log or seeks her customers", arguments: TestEngine.available)
    func logPlansAgree(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let c3 = try #require(try fx.store.customer(code: "C0003"))
        try await move("C0003", to: "alice", fx)
        _ = try await brunoQualifies(try #require(try fx.store.customers().first { $0.collector == "bruno" }), fx)
        try await move("C0003", to: "bruno", fx)
        _ = try await brunoQualifies(try #require(try fx.store.customer(code: "C0003")), fx)
        try await move("C0001", to: "chloe", fx)
        try await move("C0003", to: "alice", fx)
        #expect(c3.id == (try fx.store.customer(code: "C0003"))?.id)
        let head = try fx.store.headSequence()
        var compared = 0
        for login in ["alice", "bruno", "chloe", "nobody"] {
            for after in stride(from: Int64(0), through: head, by: Int64.Stride(max(1, head / 9))) {
                for limit in [3, 100_000] {
                    let (scan, seek) = try await fx.store.backend.read { db in
                        (try CentralStore.logRows(after: after, scope: login, limit: limit, plan: .scan, in: db),
                         try CentralStore.logRows(after: after, scope: login, limit: limit, plan: .seek, in: db))
                    }
                    #expect(scan.map(\.seq) == seek.map(\.seq), "\(login) after \(after)")
                    #expect(scan.map(\.inScopeNow) == seek.map(\.inScopeNow), "\(login) after \(after)")
                    compared += scan.count
                }
            }
        }
        #expect(compared > 500)
    }
}
