import DSOModel
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import Testing

@Suite("Console: users, portfolios and settings")
struct AdminTests {
    @Test("an admin adds a user, whose token is shown once and works; revoking it ends its sessions; both are audited", arguments: TestEngine.available)
    func users(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            try await browser.signIn("admin")
            let page = try await browser.get("/console/users")
            #expect(page.status == .ok)
            let added = try await browser.post("/console/users", form: ["csrf": page.csrf!, "login": "dora", "name": "Dora <Petit>", "role": "collector"])
            #expect(added.status == .ok)
            #expect(added.body.contains("shown only once"))
            #expect(added.body.contains("Dora &lt;Petit&gt;"))
            let token = try #require(added.body.range(of: "dso_[A-Za-z0-9_-]+", options: .regularExpression).map { String(added.body[$0]) })
            #expect(try await fx.store.authenticate(token: token)?.login == "dora")
            #expect(!(try await browser.get("/console/users")).body.contains(token), "shown once only")
            let duplicate = try await browser.post("/console/users", form: ["csrf": page.csrf!, "login": "dora", "role": "collector"])
            #expect(duplicate.status == .unprocessableContent)
            let badLogin = try await browser.post("/console/users", form: ["csrf": page.csrf!, "login": "Not Valid", "role": "collector"])
            #expect(badLogin.status == .unprocessableContent)
            #expect(badLogin.body.contains("invalid login"))

            let revoked = try await browser.post("/console/users/dora/revoke", form: ["csrf": page.csrf!])
            #expect(revoked.body.contains("1 token(s) revoked"))
            #expect(try await fx.store.authenticate(token: token) == nil)
        }
        let actions = try await fx.store.auditLog().map(\.action)
        #expect(actions.contains("user.add") && actions.contains("user.revoke"))
    }

    @Test("managers move a customer (refused for a collector or an unknown customer); only admins add users", arguments: TestEngine.available)
    func portfolios(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first { $0.collector == "alice" })
        try await fx.run { browser in
            try await browser.signIn("claire")
            let page = try await browser.get("/console/users")
            #expect(!page.body.contains("Add a user"))
            let moved = try await browser.post("/console/assign", form: ["csrf": page.csrf!, "customer": customer.code, "collector": "bruno"])
            #expect(moved.body.contains("\(customer.code): alice → bruno"))
            #expect(try fx.store.customer(code: customer.code)?.collector == "bruno")
            let again = try await browser.post("/console/assign", form: ["csrf": page.csrf!, "customer": customer.code, "collector": "bruno"])
            #expect(again.body.contains("nothing changed"))
            let unknown = try await browser.post("/console/assign", form: ["csrf": page.csrf!, "customer": "C9999", "collector": "bruno"])
            #expect(unknown.status == .unprocessableContent)
            let notCollector = try await browser.post("/console/assign", form: ["csrf": page.csrf!, "customer": customer.code, "collector": "claire"])
            #expect(notCollector.status == .unprocessableContent)
            #expect(try await browser.post("/console/users", form: ["csrf": page.csrf!, "login": "eve", "role": "admin"]).status == .forbidden)
            #expect(!(try fx.store.users().contains { $0.login == "eve" }))
        }
        try await fx.run { browser in
            try await browser.signIn("alice")
            #expect(try await browser.get("/console/users").status == .forbidden)
            let csrf = try await browser.get("/console").csrf!
            #expect(try await browser.post("/console/assign", form: ["csrf": csrf, "customer": customer.code, "collector": "alice"]).status == .forbidden)
            #expect(try fx.store.customer(code: customer.code)?.collector == "bruno")
        }
        #expect(try await fx.store.auditLog().contains { $0.action == "assign" && $0.detail.contains("alice → bruno") })
    }

    @Test("everybody reads the settings; admins change them within bounds, and a bad value saves nothing", arguments: TestEngine.available)
    func settings(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            try await browser.signIn("claire")
            let read = try await browser.get("/console/settings")
            #expect(read.status == .ok)
            #expect(read.body.contains("Statuses"))
            #expect(!read.body.contains("<button type=\"submit\">Save</button>"))
            #expect(try await browser.post("/console/settings", form: ["csrf": read.csrf!, "grace_days": "5"]).status == .forbidden)
        }
        try await fx.run { browser in
            try await browser.signIn("admin")
            let page = try await browser.get("/console/settings")
            let bad = try await browser.post("/console/settings", form: ["csrf": page.csrf!, "grace_days": "5", "reassignment_grace_days": "900"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Nothing was saved"))
            #expect(try fx.store.collectionSettings().graceDays == CollectionSettings().graceDays)
            let saved = try await browser.post("/console/settings", form: ["csrf": page.csrf!, "grace_days": "5", "reassignment_grace_days": "10"])
            #expect(saved.body.contains("Settings saved"))
            #expect(try fx.store.collectionSettings().graceDays == 5)
            #expect(try fx.store.collectionSettings().reassignmentGraceDays == 10)
        }
        #expect(try await fx.store.auditLog().contains { $0.action == "settings" && $0.detail.contains("grace_days 2 → 5") })
    }
}
