import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import Testing

@Suite("Console: sign-in, sessions and forms")
struct SignInTests {
    @Test("/ and console pages send a signed-out browser to the sign-in form, and back after", arguments: TestEngine.available)
    func redirects(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            let root = try await browser.get("/")
            #expect(root.status == .found)
            #expect(root.headers[.location] == "/console")
            let page = try await browser.get("/console/customers?q=C0")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/console/sign-in?next=/console/customers%3Fq%3DC0")
            let form = try await browser.get("/console/sign-in?next=/console/customers%3Fq%3DC0")
            #expect(form.status == .ok)
            #expect(Browser.Page.field("next", in: form.body) == "/console/customers?q=C0")
            let signedIn = try await browser.post("/console/sign-in", form: ["csrf": form.csrf!, "next": "/console/customers?q=C0", "token": browser.tokens["claire"]!])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/customers?q=C0")
            // Signed in already, the form sends the browser on, never to another site.
            let again = try await browser.get("/console/sign-in?next=//evil.example/x")
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == "/console")
            // Another site as the destination is refused: the console's overview instead.
            browser.cookies = [:]
            let other = try await browser.get("/console/sign-in?next=//evil.example/x")
            #expect(Browser.Page.field("next", in: other.body) == "/console")
        }
    }

    @Test("a token becomes a session cookie (HttpOnly, Secure, SameSite=Strict, expiring); sign-out ends it", arguments: TestEngine.available)
    func session(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            let response = try await browser.signIn("claire")
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("dso_session=") })
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/console", "Max-Age=28800"] {
                #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
            }
            #expect(!cookie.contains(browser.tokens["claire"]!))
            let overview = try await browser.get("/console")
            #expect(overview.status == .ok)
            #expect(overview.body.contains("Claire Martin"))
            // Sign-out is a form: without the session's token it is refused and the session lives on.
            let forged = try await browser.post("/console/sign-out", form: ["csrf": "forged"])
            #expect(forged.status == .forbidden)
            #expect(try await browser.get("/console").status == .ok)
            let session = browser.cookies["dso_session"]!
            let out = try await browser.post("/console/sign-out", form: ["csrf": overview.csrf!])
            #expect(out.status == .seeOther)
            #expect(browser.cookies["dso_session"] == nil)
            // The old cookie is worth nothing now.
            let replay = try await browser.get("/console", headers: [.cookie: "dso_session=\(session)"])
            #expect(replay.status == .seeOther)
        }
    }

    @Test("bad tokens, resolvers and forged sign-in forms are refused with a message, and no session", arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            var form = try await browser.get("/console/sign-in")
            let unknown = try await browser.post("/console/sign-in", form: ["csrf": form.csrf!, "token": "dso_nope"])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.contains("unknown or was revoked"))
            form = try await browser.get("/console/sign-in")
            let resolver = try await browser.post("/console/sign-in", form: ["csrf": form.csrf!, "token": browser.tokens["billing"]!])
            #expect(resolver.status == .forbidden)
            #expect(resolver.body.contains("resolvers answer disputes"))
            // A form posted from elsewhere has no sign-in cookie to match.
            browser.cookies = [:]
            let forged = try await browser.post("/console/sign-in", form: ["csrf": "x", "token": browser.tokens["claire"]!])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies["dso_session"] == nil)
        }
    }

    @Test("revoking the token ends the session at the next request", arguments: TestEngine.available)
    func revocation(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            try await browser.signIn("alice")
            #expect(try await browser.get("/console").status == .ok)
            try fx.store.revokeTokens(login: "alice")
            #expect(try await browser.get("/console").status == .seeOther)
        }
    }

    @Test("pages carry a Content-Security-Policy without inline script, and load only our own script", arguments: TestEngine.available)
    func securityHeaders(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            try await browser.signIn("claire")
            for path in ["/console", "/console/sign-in", "/console/customers", "/console/reports/aging", "/console/no-such-page"] {
                let page = try await browser.get(path)
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(!page.body.contains("<script>"), "inline script on \(path)")
                #expect(!page.body.contains(" style=\""), "inline style on \(path)")
            }
        }
    }
}
