import DSOModel
import DSOProtocol
import DSOServer
import Foundation
import PostgresTestSupport
import HTTPTypes
import Testing

@Suite("Console: pages")
struct PagesTests {
    @Test("a manager opens every page and sees the book's figures, as the reports compute them", arguments: TestEngine.available)
    func everyPage(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        let aging = try fx.store.agingReport(asOf: ConsoleFixture.asOf)
        let code = try #require(try fx.store.customers().first).code
        try await fx.run { browser in
            try await browser.signIn("claire")
            let overview = try await browser.get("/console")
            #expect(overview.status == .ok)
            for line in aging.totals {
                #expect(overview.body.contains(Money(minor: line.buckets.total, currency: line.currency).description))
                #expect(overview.body.contains(Money(minor: line.buckets.overdue, currency: line.currency).description))
            }
            #expect(overview.body.contains("<svg"), "the charts")
            for path in ["/console/collectors", "/console/customers", "/console/customers/\(code)", "/console/reports", "/console/conflicts"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.body.contains("aria-current=\"page\""), "\(path) marks its section")
            }
            for report in ["aging", "status", "dso", "cei", "receipts", "trend", "payment-profile", "disputes", "promises", "forecast", "activity"] {
                let page = try await browser.get("/console/reports/\(report)")
                #expect(page.status == .ok, "\(report)")
                #expect(page.body.contains("<svg"), "\(report) has its chart")
                let csv = try await browser.get("/console/reports/\(report)?format=csv")
                #expect(csv.status == .ok)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.headers[.contentDisposition]?.contains("\(report)-2026-11-22.csv") == true)
            }
            let unknown = try await browser.get("/console/reports/nope")
            #expect(unknown.status == .notFound)
            #expect(unknown.body.contains("There is no report nope"))
            let missing = try await browser.get("/console/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("<html"))
        }
    }

    @Test("a report's CSV in the console is the CLI's, for the same filter", arguments: TestEngine.available)
    func reportCSV(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        let expected = try fx.store.agingReport(asOf: ConsoleFixture.asOf, filter: ReportFilter(collector: "bruno")).csv()
        try await fx.run { browser in
            try await browser.signIn("claire")
            let csv = try await browser.get("/console/reports/aging?collector=bruno&format=csv")
            #expect(csv.body == expected)
            let bad = try await browser.get("/console/reports/aging?as_of=yesterday")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("YYYY-MM-DD"))
        }
    }

    @Test("a long report shows its first 200 lines on the page; the CSV has them all", arguments: TestEngine.available)
    func longReport(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 220, engine: engine)
        defer { fx.remove() }
        let lines = try fx.store.agingReport(asOf: ConsoleFixture.asOf).csv().split(separator: "\n").count - 1
        #expect(lines > 200)
        try await fx.run { browser in
            try await browser.signIn("claire")
            let page = try await browser.get("/console/reports/aging")
            #expect(page.body.contains("The first 200 of \(lines) lines"))
            #expect(page.body.components(separatedBy: "<tr><td").count - 1 == 200)
            let csv = try await browser.get("/console/reports/aging?format=csv")
            #expect(csv.body.split(separator: "\n").count - 1 == lines)
        }
    }

    @Test("the customer search filters by text, collector and overdue amount, and pages", arguments: TestEngine.available)
    func customerSearch(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(customers: 60, engine: engine)
        defer { fx.remove() }
        let customers = try fx.store.customers()
        let bruno = customers.filter { $0.collector == "bruno" }
        try await fx.run { browser in
            try await browser.signIn("claire")
            let first = try await browser.get("/console/customers")
            #expect(first.body.contains("Page 1 of 2"))
            #expect(first.body.contains("Next →"))
            let byCollector = try await browser.get("/console/customers?collector=bruno")
            for customer in customers {
                #expect(byCollector.body.contains("/console/customers/\(customer.code)\"") == (customer.collector == "bruno"), "\(customer.code)")
            }
            #expect(!bruno.isEmpty)
            let one = try await browser.get("/console/customers?q=\(customers[3].code)")
            #expect(one.body.contains("/console/customers/\(customers[3].code)\""))
            #expect(!one.body.contains("/console/customers/\(customers[4].code)\""))
            let huge = try await browser.get("/console/customers?overdue=999999999")
            #expect(huge.body.contains("No customer matches"))
            let bad = try await browser.get("/console/customers?overdue=lots")
            #expect(bad.status == .badRequest)
        }
    }

    @Test("text from the data and from the address is escaped, never markup", arguments: TestEngine.available)
    func escaping(engine: TestEngine) async throws {
        let fx = try await ConsoleFixture(engine: engine)
        defer { fx.remove() }
        let customersFile = fx.directory.appendingPathComponent("evil.csv")
        try """
            code,name,address,city,country,language,currency,payment_terms_days
            C9999,"<script>alert(1)</script> & Co",1 rue X,"<b>Lyon</b>",FR,fr,EUR,30
            """.write(to: customersFile, atomically: true, encoding: .utf8)
        let report = try await fx.store.importFile(.customers, from: customersFile, mode: .delta, asOf: ConsoleFixture.asOf)
        #expect(report.applied, "\(report.rejected)")
        try await fx.run { browser in
            try await browser.signIn("claire")
            let page = try await browser.get("/console/customers/C9999")
            #expect(page.status == .ok)
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<b>Lyon"))
            let search = try await browser.get("/console/customers?q=%22%3E%3Cscript%3Ex%3C/script%3E")
            #expect(search.body.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""))
        }
    }
}
