import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import Testing

@Suite("Console: the conflict inbox")
struct ConflictTests {
    /// Alice qualifies one of Bruno's items: refused (out of scope), kept in the inbox.
    func refusedWork(_ fx: ConsoleFixture) async throws -> Conflict {
        let customers = try fx.store.customers().filter { $0.collector == "bruno" }.map(\.id)
        let item = try #require(try fx.store.itemStates().first { customers.contains($0.item.customerID) }).item
        let qualification = Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted",
                                          comment: "called them", statusDate: ConsoleFixture.asOf, author: "alice",
                                          replicaID: UUIDv7.make(), hlc: HLCClock().now())
        let response = try await fx.store.push(PushRequest(replicaID: UUIDv7.make(), changes: [Change(qualification)]),
                                               by: User(login: "alice", role: .collector))
        #expect(response.results.map(\.outcome) == [.rejected])
        return try #require(try fx.store.conflicts().first).conflict
    }

    @Test("a manager accepts refused work from the console: applied, recorded as a resolution, audited", arguments: TestEngine.available)
    func accept(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let conflict = try await refusedWork(fx)
        let path = "/console/conflicts/\(conflict.id.uuidString.lowercased())"
        try await fx.run { browser in
            try await browser.signIn("claire")
            let list = try await browser.get("/console/conflicts?open=1")
            #expect(list.body.contains(path))
            let page = try await browser.get(path)
            #expect(page.body.contains("Accept the work"))
            let csrf = try #require(page.csrf)
            // Without the page's token, or from another site, nothing happens.
            #expect(try await browser.post(path + "/decision", form: ["csrf": "x", "decision": "accept"]).status == .forbidden)
            #expect(try await browser.post(path + "/decision", form: ["csrf": csrf, "decision": "accept"],
                                           headers: [.origin: "https://evil.example"]).status == .forbidden)
            #expect(try fx.store.conflicts(ConflictFilter(openOnly: true)).count == 1)
            let bad = try await browser.post(path + "/decision", form: ["csrf": csrf, "decision": "maybe"])
            #expect(bad.status == .badRequest)
            let done = try await browser.post(path + "/decision", form: ["csrf": csrf, "decision": "accept", "comment": "ok, was hers that day"])
            #expect(done.status == .seeOther)
            let after = try await browser.get(done.headers[.location]!)
            #expect(after.body.contains("Decision recorded: accepted"))
            #expect(after.body.contains("ok, was hers that day"))
            // Deciding twice is refused with the reason, and changes nothing.
            let again = try await browser.post(path + "/decision", form: ["csrf": csrf, "decision": "dismiss"])
            #expect(again.status == .forbidden || again.status == .unprocessableContent)
        }
        let entry = try fx.store.conflict(conflict.id.uuidString)
        #expect(entry.resolution?.decision == .accept)
        #expect(entry.resolution?.author == "claire")
        #expect(try fx.store.qualifications().contains { $0.id == conflict.mine.factID })
        let audit = try await fx.store.auditLog()
        #expect(audit.contains { $0.login == "claire" && $0.action == "conflict.accept" && $0.detail.contains(conflict.customerCode) })
    }

    @Test("a collector reads her conflicts but decides from her replica; another's conflict is not found", arguments: TestEngine.available)
    func collectorReads(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let conflict = try await refusedWork(fx)
        let path = "/console/conflicts/\(conflict.id.uuidString.lowercased())"
        try await fx.run { browser in
            try await browser.signIn("alice")
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(!page.body.contains("Accept the work"))
            let post = try await browser.post(path + "/decision", form: ["csrf": page.csrf!, "decision": "dismiss"])
            #expect(post.status == .forbidden)
        }
        try await fx.run { browser in
            let form = try await browser.get("/console/sign-in")
            let token = try fx.store.issueToken(login: "bruno")
            _ = try await browser.post("/console/sign-in", form: ["csrf": form.csrf!, "token": token])
            #expect(try await browser.get(path).status == .notFound)
        }
        #expect(try fx.store.conflicts(ConflictFilter(openOnly: true)).count == 1)
    }
}
