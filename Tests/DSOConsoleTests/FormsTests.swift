import DSOModel
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import NIOCore
import Testing

@Suite("Console: every form refuses a forged request")
struct FormsTests {
    @Test("without the session's token, or from another site, no form changes anything", arguments: [
        ("/console/users", ["login": "mallory", "role": "admin"]),
        ("/console/users/alice/revoke", [:]),
        ("/console/assign", ["customer": "C0001", "collector": "bruno"]),
        ("/console/settings", ["grace_days": "9"]),
        ("/console/sign-out", [:]),
    ])
    func forged(path: String, fields: [String: String]) async throws {
        let fx = try await ConsoleFixture()
        defer { fx.remove() }
        let before = try fx.store.counts()
        let settings = try fx.store.collectionSettings()
        try await fx.run { browser in
            try await browser.signIn("admin")
            let csrf = try #require(try await browser.get("/console").csrf)
            var form = fields
            form["csrf"] = "not-the-token"
            #expect(try await browser.post(path, form: form).status == .forbidden, "forged token on \(path)")
            form["csrf"] = csrf
            #expect(try await browser.post(path, form: form, headers: [.origin: "https://evil.example"]).status == .forbidden,
                    "another site's form on \(path)")
            #expect(try await browser.get("/console").status == .ok, "still signed in")
        }
        #expect(try fx.store.counts() == before)
        #expect(try fx.store.collectionSettings() == settings)
        #expect(try await fx.store.authenticate(token: fx.tokens["alice"]!) != nil)
        #expect(try await fx.store.auditLog().allSatisfy { $0.action == "sign-in" })
    }

    @Test("the overview's live figures are JSON of the caller's scope", arguments: TestEngine.available)
    func live(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let hers = try fx.store.agingReport(asOf: ConsoleFixture.asOf, filter: ReportFilter(collector: "alice"))
        try await fx.run { browser in
            #expect(try await browser.get("/console/live").status == .seeOther)
            try await browser.signIn("alice")
            let live = try await browser.get("/console/live")
            #expect(live.headers[.contentType] == "application/json")
            let figures = try JSONDecoder().decode([String: String].self, from: Data(live.body.utf8))
            for line in hers.totals {
                #expect(figures["open-\(line.currency.code)"] == Money(minor: line.buckets.total, currency: line.currency).description)
            }
        }
    }

    @Test("admins import scenarios and statuses; managers may not", arguments: TestEngine.available)
    func catalogue(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenarios = try String(contentsOf: repository.appendingPathComponent("Fixtures/scenarios.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"code\": \"standard\"", with: "\"code\": \"web-standard\"")
        @Sendable func upload(_ browser: Browser, csrf: String, kind: String, file: String, name: String) async throws -> Browser.Page {
            let boundary = "----dso-test"
            var body = ""
            for (field, value) in [("csrf", csrf), ("kind", kind)] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
            return try await browser.request("/console/imports", method: .post,
                                             headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body))
        }
        let before = try fx.store.scenarios()
        #expect(!before.contains { $0.code == "web-standard" })
        try await fx.run { browser in
            try await browser.signIn("claire")
            let csrf = try #require(try await browser.get("/console/imports").csrf)
            #expect(try await upload(browser, csrf: csrf, kind: "scenarios", file: scenarios, name: "s.json").status == .forbidden)
            #expect(try await upload(browser, csrf: csrf, kind: "statuses", file: "code,name,type\nx1,X,promise\n", name: "st.csv").status == .forbidden)
        }
        #expect(try fx.store.scenarios() == before)
        try await fx.run { browser in
            try await browser.signIn("admin")
            let csrf = try #require(try await browser.get("/console/imports").csrf)
            let bad = try await upload(browser, csrf: csrf, kind: "scenarios", file: "{not json", name: "s.json")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("nothing was written"))
            let done = try await upload(browser, csrf: csrf, kind: "scenarios", file: scenarios, name: "s.json")
            #expect(done.status == .ok)
            #expect(done.body.contains("scenario(s) created or changed"))
        }
        #expect(try fx.store.scenarios().contains { $0.code == "web-standard" })
    }
}
