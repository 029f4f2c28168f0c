import DSOModel
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import NIOCore
import Testing

@Suite("Console: imports")
struct ImportsTests {
    /// A multipart body as a browser sends the Imports form.
    func multipart(csrf: String, kind: String, mode: String = "delta", filename: String, file: String) -> (HTTPFields, ByteBuffer) {
        let boundary = "----dso\(UUID().uuidString.prefix(8))"
        var body = ""
        for (name, value) in [("csrf", csrf), ("kind", kind), ("mode", mode)] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        body += "--\(boundary)--\r\n"
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(string: body))
    }

    @Test("an items file with a bad line is reported with the line's number, and nothing is written; a good one is imported", arguments: TestEngine.available)
    func items(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        let customer = try #require(try fx.store.customers().first).code
        let before = try fx.store.counts()
        try await fx.run { browser in
            try await browser.signIn("claire")
            let page = try await browser.get("/console/imports")
            #expect(page.status == .ok)
            let csrf = try #require(page.csrf)
            let bad = """
                customer,number,issue_date,due_date,amount,currency
                \(customer),INV-NEW-1,2026-11-01,2026-12-01,120.00,EUR
                \(customer),INV-NEW-2,2026-13-01,2026-12-01,80.00,EUR
                NOPE,INV-NEW-3,2026-11-01,2026-12-01,80.00,EUR
                """
            var (headers, body) = multipart(csrf: csrf, kind: "items", filename: "november.csv", file: bad)
            let refused = try await browser.request("/console/imports", method: .post, headers: headers, body: body)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("november.csv"))
            #expect(refused.body.contains("Nothing was written"))
            #expect(refused.body.contains("<td class=\"num\">3</td>"), "line 3 is reported")
            #expect(refused.body.contains("<td class=\"num\">4</td>"), "line 4 is reported")
            #expect(try fx.store.counts() == before)

            let good = "customer,number,issue_date,due_date,amount,currency\n\(customer),INV-NEW-1,2026-11-01,2026-12-01,120.00,EUR\n"
            (headers, body) = multipart(csrf: csrf, kind: "items", filename: "november.csv", file: good)
            let done = try await browser.request("/console/imports", method: .post, headers: headers, body: body)
            #expect(done.status == .ok)
            #expect(done.body.contains("imported as Open items"))
            #expect(try fx.store.itemStates().contains { $0.item.number == "INV-NEW-1" })
            // Without the session's token nothing is imported.
            (headers, body) = multipart(csrf: "forged", kind: "items", filename: "x.csv", file: good.replacingOccurrences(of: "NEW-1", with: "NEW-9"))
            #expect(try await browser.request("/console/imports", method: .post, headers: headers, body: body).status == .forbidden)
            #expect(!(try fx.store.itemStates().contains { $0.item.number == "INV-NEW-9" }))
        }
        let audit = try await fx.store.auditLog()
        #expect(audit.first?.action == "import.items")
        #expect(audit.first?.login == "claire")
    }

    @Test("collectors cannot import, and managers cannot import users", arguments: TestEngine.available)
    func roles(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        try await fx.run { browser in
            try await browser.signIn("alice")
            let page = try await browser.get("/console/imports")
            #expect(page.status == .forbidden)
            let overview = try await browser.get("/console")
            #expect(!overview.body.contains("href=\"/console/imports\""))
            let (headers, body) = multipart(csrf: overview.csrf!, kind: "items", filename: "x.csv", file: "customer,number\n")
            #expect(try await browser.request("/console/imports", method: .post, headers: headers, body: body).status == .forbidden)
        }
        try await fx.run { browser in
            try await browser.signIn("claire")
            let page = try await browser.get("/console/imports")
            #expect(!page.body.contains("value=\"users\""))
            let (headers, body) = multipart(csrf: page.csrf!, kind: "users", filename: "u.csv", file: "login,role\nmallory,admin\n")
            #expect(try await browser.request("/console/imports", method: .post, headers: headers, body: body).status == .forbidden)
            #expect(!(try fx.store.users().contains { $0.login == "mallory" }))
        }
    }
}
