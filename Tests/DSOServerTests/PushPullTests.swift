import DSOModel
import DSOProtocol
@testable import DSOServer
import Foundation
import PostgresTestSupport
import Testing

@Suite("Central store: push and pull, on SQLite and PostgreSQL")
struct PushPullTests {
    let alice = User(login: "alice", role: .collector)
    let claire = User(login: "claire", role: .manager)

    func qualification(_ item: OpenItem, author: String = "alice", status: String = "contacted", hlc: HLC = HLCClock().now()) -> Qualification {
        Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: status, comment: "c",
                      statusDate: StoreFixture.asOf, author: author, replicaID: UUIDv7.make(), hlc: hlc)
    }

    func itemOf(_ login: String, _ fx: StoreFixture) throws -> OpenItem {
        let customers = try fx.store.customers().filter { $0.collector == login }.map(\.id)
        return try #require(try fx.store.itemStates().first { customers.contains($0.item.customerID) }).item
    }

    @Test("each change gets its outcome; a replayed push gets the same answers and writes nothing", arguments: TestEngine.available)
    func outcomes(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let mine = try itemOf("alice", fx)
        let foreign = try itemOf("bruno", fx)
        var wrongID = Change(qualification(mine))
        wrongID.id = UUIDv7.make()
        let future = HLC(millis: Int64(Date().addingTimeInterval(3600).timeIntervalSince1970 * 1000))
        let changes = [
            Change(qualification(mine)),
            Change(qualification(foreign)),
            Change(qualification(mine, author: "bruno")),
            Change(qualification(mine, status: "nope")),
            Change(qualification(mine, hlc: future)),
            wrongID,
            Change(id: UUIDv7.make(), hlc: HLCClock().now(), body: .item(mine)),
        ]
        let request = PushRequest(replicaID: UUIDv7.make(), changes: changes)
        let first = try await fx.store.push(request, by: alice)
        #expect(first.results.map(\.outcome) == [.accepted, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected])
        #expect(first.results.dropFirst().map(\.code) == [.outOfScope, .authorMismatch, RejectionCode(.unknownStatus), .clockSkew, .idMismatch, .centralOwned])
        #expect(first.results[0].seq != nil)
        let counts = try fx.store.counts()
        let second = try await fx.store.push(request, by: alice)
        #expect(second.results[0] == ChangeResult(id: changes[0].id, outcome: .duplicate, seq: first.results[0].seq))
        #expect(Array(second.results.dropFirst()) == Array(first.results.dropFirst()))
        #expect(try fx.store.counts() == counts)
    }

    @Test("concurrent pushes are written together and each gets its own answers; a push sent twice at once applies once", arguments: TestEngine.available)
    func groupCommit(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let item = try itemOf("alice", fx)
        let clock = HLCClock()
        let requests = (0..<12).map { _ in
            PushRequest(replicaID: UUIDv7.make(), changes: (0..<5).map { _ in Change(qualification(item, hlc: clock.now())) })
        }
        let before = try fx.store.counts()
        let answers = try await withThrowingTaskGroup(of: (Int, PushResponse).self) { group in
            for (index, request) in (requests + [requests[0]]).enumerated() {
                group.addTask { (index, try await fx.store.push(request, by: alice)) }
            }
            var out: [Int: PushResponse] = [:]
            for try await (index, answer) in group { out[index] = answer }
            return out
        }
        for (index, request) in requests.enumerated() {
            #expect(answers[index]!.results.map(\.id) == request.changes.map(\.id))
        }
        // The push sent twice: one copy accepted, the other answered duplicate, same sequence numbers.
        let twice = [answers[0]!, answers[12]!].map { $0.results.map(\.outcome) }
        #expect(Set(twice) == [Array(repeating: .accepted, count: 5), Array(repeating: .duplicate, count: 5)])
        #expect(answers[0]!.results.map(\.seq) == answers[12]!.results.map(\.seq))
        #expect(try fx.store.counts()["qualifications"]! == before["qualifications"]! + 60)
        // The item's current status is the latest by HLC, whatever the order of the writes.
        let last = requests.flatMap(\.changes).max { $0.hlc < $1.hlc }!
        #expect(try fx.store.itemStates().first { $0.item.id == item.id }?.current?.id == last.id)
    }

    @Test("a qualification of an item cleared meanwhile is kept in history; the item stays cleared", arguments: TestEngine.available)
    func clearedMeanwhile(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        let item = try itemOf("alice", fx)
        let customer = try #require(try fx.store.customers().first { $0.id == item.customerID })
        let file = try fx.file("clear.csv", "customer,number,issue_date,due_date,amount,open_amount,cleared_date\n\(customer.code),\(item.number),\(item.issueDate),\(item.dueDate),\(item.initialAmount.decimalString),0,2026-11-21\n")
        #expect(try await fx.store.importFile(.items, from: file, mode: .delta).applied)
        let q = qualification(item)
        let answer = try await fx.store.push(PushRequest(replicaID: q.replicaID, changes: [Change(q)]), by: alice)
        #expect(answer.results[0].outcome == .accepted)
        let state = try #require(try fx.store.itemStates().first { $0.item.id == item.id })
        #expect(state.item.isCleared && state.current == q)
    }

    @Test("a snapshot in small pages delivers the scope exactly once, then the log", arguments: TestEngine.available)
    func snapshotPaging(engine: TestEngine) async throws {
        let fx = try await StoreFixture(engine: engine)
        defer { fx.remove() }
        var delivered: [String: Set<String>] = [:]
        for (user, limit) in [(alice, 3), (alice, 100_000), (claire, 13), (claire, 1000)] {
            var cursor: String?
            var seen: [String] = []
            var snapshotDone = false
            for _ in 0..<1000 {
                let page = try await fx.store.pull(after: cursor, limit: limit, for: user)
                let response = try WireJSON.decoder().decode(PullResponse.self, from: page.body)
                #expect(response.changes.count <= limit)
                if !response.snapshot { snapshotDone = true } else { #expect(!snapshotDone) }
                for change in response.changes {
                    let key: String = switch change.body {
                    case .status(let s): "s:" + s.code
                    case .customer(let c): "c:" + c.id.uuidString
                    case .contact(let c): "k:" + c.id.uuidString
                    case .item(let i): "i:" + i.id.uuidString
                    case .qualification(let q): "q:" + q.id.uuidString
                    case .actionEvent(let e): "a:" + e.id.uuidString
                    case .contactEdit(let e): "ce:" + e.id.uuidString
                    case .customerRemoved(let r): "r:" + r.customerID.uuidString
                    case .scenario(let s): "sc:" + s.code
                    case .settings: "settings"
                    case .payment(let p): "p:" + p.id.uuidString
                    case .user(let u): "u:" + u.login
                    case .rates: "rates"
                    case .conflict(let c): "cf:" + c.id.uuidString
                    case .conflictResolution(let r): "cr:" + r.id.uuidString
                    case .unknown(let kind): "?:" + kind
                    }
                    if response.snapshot { seen.append(key) }
                    if case .customer(let c) = change.body, !user.role.seesEverything { #expect(c.collector == "alice") }
                }
                cursor = response.next
                if !response.more { break }
            }
            #expect(Set(seen).count == seen.count, "no repeats")
            if let earlier = delivered[user.login] { #expect(Set(seen) == earlier, "the same rows whatever the page size") }
            delivered[user.login] = Set(seen)
            if !user.role.seesEverything {
                let mine = Set(try fx.store.customers().filter { $0.collector == user.login }.map(\.id))
                let items = try fx.store.itemStates().filter { mine.contains($0.item.customerID) }
                #expect(!items.isEmpty && seen.filter { $0.hasPrefix("i:") }.count == items.count, "every item of the portfolio")
            }
            let counts = try fx.store.counts()
            if user.role.seesEverything {
                #expect(seen.count == counts["statuses"]! + counts["customers"]! + counts["contacts"]! + counts["items"]!
                        + counts["qualifications"]! + counts["action_events"]! + counts["scenarios"]! + counts["settings"]! + counts["payments"]! + counts["contact_edits"]! + counts["users"]!)
            }
            // Caught up: the next pull is empty.
            let tail = try WireJSON.decoder().decode(PullResponse.self, from: try await fx.store.pull(after: cursor, limit: 10, for: user).body)
            #expect(tail.changes.isEmpty && !tail.more && !tail.snapshot)
        }
    }

    @Test("a cursor the server did not issue is refused", arguments: TestEngine.available)
    func invalidCursor(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        for bad in ["garbage", "djE6bG9nOi0x", "djE6c25hcDoxOjk6", String(repeating: "A", count: 600)] {
            await #expect(throws: InvalidCursor.self) { try await fx.store.pull(after: bad, limit: 10, for: claire) }
        }
    }

    @Test("a cursor from another store, or past this store's head, is refused rather than skipping changes", arguments: TestEngine.available)
    func foreignCursor(engine: TestEngine) async throws {
        let a = try await StoreFixture(importItems: false, engine: engine)
        let b = try await StoreFixture(importItems: false, engine: engine)
        defer { a.remove(); b.remove() }
        var cursor: String?
        repeat {
            let page = try WireJSON.decoder().decode(PullResponse.self, from: try await a.store.pull(after: cursor, limit: 500, for: claire).body)
            cursor = page.next
            if !page.more { break }
        } while true
        await #expect(throws: InvalidCursor.self) { try await b.store.pull(after: cursor, limit: 10, for: claire) }
        let head = try a.store.headSequence()
        let ahead = try a.store.cursor(.log(after: head + 10), for: claire)
        await #expect(throws: InvalidCursor.self) { try await a.store.pull(after: ahead, limit: 10, for: claire) }
        let atHead = try a.store.cursor(.log(after: head), for: claire)
        #expect(try await a.store.pull(after: atHead, limit: 10, for: claire).count == 0)
    }

    @Test("tokens are stored hashed and can be revoked", arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        let fx = try await StoreFixture(importItems: false, engine: engine)
        defer { fx.remove() }
        let token = try fx.store.addUser(User(login: "dora", role: .collector))
        #expect(token.hasPrefix("dso_") && token.count > 40)
        #expect(try await fx.store.authenticate(token: token)?.login == "dora")
        #expect(try await fx.store.authenticate(token: token + "x") == nil)
        #expect(throws: UserError.self) { try fx.store.addUser(User(login: "dora", role: .collector)) }
        #expect(throws: UserError.self) { try fx.store.addUser(User(login: "Bad Login", role: .collector)) }
        for file in ["central.sqlite", "central.sqlite-wal"] {
            let url = fx.directory.appendingPathComponent("data/\(file)")
            guard let data = try? Data(contentsOf: url) else { continue }
            #expect(data.range(of: Data(token.utf8)) == nil, "token in clear in \(file)")
            #expect(data.range(of: Data("dora".utf8)) != nil || file == "central.sqlite", "the search itself works")
        }
        #expect(try fx.store.revokeTokens(login: "dora") == 1)
        #expect(try await fx.store.authenticate(token: token) == nil)
    }
}
