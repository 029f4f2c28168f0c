import DSOCharts
import DSOModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Report charts as SVG")
struct ChartSVGTests {
    static let eur = CurrencyCode("EUR")!, usd = CurrencyCode("USD")!

    /// Counts the elements of a well-formed document (a parse error fails the test).
    static func elements(_ svg: String) throws -> [String: Int] {
        final class Counter: NSObject, XMLParserDelegate {
            var counts: [String: Int] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) { counts[name, default: 0] += 1 }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        return counter.counts
    }

    @Test("aging: one panel per currency, a bar per non-empty bucket with its exact amount, never two currencies on one axis")
    func aging() throws {
        var eur = AgingBuckets(), usd = AgingBuckets()
        eur.add(minor: 123_456, daysPastDue: 0)
        eur.add(minor: 50_000, daysPastDue: 45)
        eur.add(minor: -10_000, daysPastDue: 100)
        usd.add(minor: 99_900, daysPastDue: 10)
        let report = AgingReport(asOf: BusinessDate("2026-11-22")!, filter: ReportFilter(), customers: [], collectors: [],
                                 totals: [AgingReport.Line(key: nil, currency: ChartSVGTests.eur, buckets: eur),
                                          AgingReport.Line(key: nil, currency: ChartSVGTests.usd, buckets: usd)])
        let svg = report.chart.svg()
        let counts = try ChartSVGTests.elements(svg)
        #expect(counts["g"] == 2)
        // Background + 3 EUR bars + 1 USD bar.
        #expect(counts["rect"] == 1 + 3 + 1)
        #expect(svg.contains("not due · open: 1234.56 EUR") && svg.contains("91+ · open: -100.00 EUR") && svg.contains("1-30 · open: 999.00 USD"))
        #expect(!svg.contains("999.00 EUR"))
    }

    @Test("names are escaped: a status called <script> stays text")
    func escaping() throws {
        var section = StatusReport.Section(currency: ChartSVGTests.eur)
        section.byStatus = [StatusReport.Row(status: "x", name: "<script>alert('&')</script>", type: nil, minor: 5_000, count: 1)]
        let svg = StatusReport(asOf: BusinessDate("2026-11-22")!, filter: ReportFilter(collector: "a\"b"), sections: [section]).chart.svg()
        _ = try ChartSVGTests.elements(svg)
        #expect(!svg.contains("<script") && svg.contains("&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;") && svg.contains("a&quot;b"))
    }

    @Test("lines: a missing figure breaks the line; the axis covers negative values with round ticks")
    func lines() throws {
        let chart = Chart(title: "t", panels: [Chart.Panel(title: "p", style: .lines, unit: .days, categories: ["a", "b", "c", "d", "e"], series: [
            Chart.Series(name: "s", values: [10, 20, nil, -35, 40], color: Chart.Palette.blue),
        ])])
        let svg = chart.svg()
        let counts = try ChartSVGTests.elements(svg)
        #expect(counts["polyline"] == 2 && counts["circle"] == 4)
        #expect(svg.contains(">-40 d<") && svg.contains(">40 d<") && svg.contains(">0 d<"))
    }

    @Test("an empty report draws a titled chart that says so")
    func empty() throws {
        let svg = AgingReport(asOf: BusinessDate("2026-11-22")!, filter: ReportFilter(), customers: [], collectors: [], totals: []).chart.svg()
        _ = try ChartSVGTests.elements(svg)
        #expect(svg.contains("No figure for this selection."))
    }
}
