import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import Testing

@Suite("Console: what each role sees and may do")
struct ScopeTests {
    @Test("a collector sees her portfolio only: overview, customers, a customer of another, reports, collectors", arguments: TestEngine.available)
    func collector(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let customers = try fx.store.customers()
        let mine = try #require(customers.first { $0.collector == "alice" })
        let theirs = try #require(customers.first { $0.collector == "bruno" })
        let hers = try fx.store.agingReport(asOf: ConsoleFixture.asOf, filter: ReportFilter(collector: "alice"))
        try await fx.run { browser in
            try await browser.signIn("alice")
            let overview = try await browser.get("/console?collector=bruno")
            #expect(overview.body.contains("Portfolio of alice"))
            for line in hers.totals {
                #expect(overview.body.contains(Money(minor: line.buckets.total, currency: line.currency).description))
            }
            let list = try await browser.get("/console/customers?collector=bruno")
            #expect(list.body.contains("/console/customers/\(mine.code)\""))
            #expect(!list.body.contains("/console/customers/\(theirs.code)\""))
            #expect(try await browser.get("/console/customers/\(mine.code)").status == .ok)
            let foreign = try await browser.get("/console/customers/\(theirs.code)")
            #expect(foreign.status == .notFound)
            #expect(!foreign.body.contains(theirs.name))
            let csv = try await browser.get("/console/reports/aging?collector=bruno&format=csv")
            #expect(csv.body == hers.csv())
            let report = try await browser.get("/console/reports/aging?customer=\(theirs.code)")
            #expect(report.status == .badRequest)
            let collectors = try await browser.get("/console/collectors")
            #expect(collectors.body.contains(">alice<"))
            #expect(!collectors.body.contains(">bruno<"))
        }
    }

    @Test("a role changed by an administrator applies at the next request", arguments: TestEngine.available)
    func roleChange(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 12, engine: engine)
        defer { fx.remove() }
        let theirs = try #require(try fx.store.customers().first { $0.collector == "bruno" })
        try await fx.run { browser in
            try await browser.signIn("alice")
            #expect(try await browser.get("/console/customers/\(theirs.code)").status == .notFound)
            let file = fx.directory.appendingPathComponent("promote.csv")
            try "login,name,role,email\nalice,Alice Durand,manager,alice@dso-demo.example\n".write(to: file, atomically: true, encoding: .utf8)
            let report = try await fx.store.importFile(.users, from: file, mode: .delta, asOf: ConsoleFixture.asOf)
            #expect(report.applied)
            #expect(try await browser.get("/console/customers/\(theirs.code)").status == .ok)
        }
    }
}
