import DSOModel
import Foundation
import Testing

@Suite("CEI over N months")
struct CEIReportTests {
    @Test("hand-worked: the period's index from opening, average sales, closing and closing not yet due; each month alone")
    func handWorked() throws {
        // The DSO ledger: sales Sep 100, Oct 200, Nov 300 (to the 20th); receivables end of
        // August 0, Sep 30 100 (not due 100), Oct 31 200 (not due 200), Nov 20 450 (not due 300).
        let report = CEIReport.compute(DSOReportTests.ledger, asOf: d("2026-11-20"), months: 3, filter: ReportFilter())
        let section = try #require(report.sections.first)
        let p = section.period
        #expect(p.from.description == "2026-09" && p.to.description == "2026-11")
        #expect(p.openingMinor == 0 && p.averageSalesMinor == 20_000 && p.closingMinor == 45_000 && p.closingCurrentMinor == 30_000)
        // (0 + 200 − 450) / (0 + 200 − 300) × 100 = 250 %
        #expect(abs(try #require(p.index) - 250) < 1e-9)
        // October alone: (100 + 200 − 200) / (100 + 200 − 200) = 100 %; November: (200 + 300 − 450) / (200 + 300 − 300) = 25 %.
        #expect(section.months.map(\.index) == [nil, 100, 25])   // September alone: (0 + 100 − 100) / (0 + 100 − 100)
        // September: (0 + 100 − 100) / (0 + 100 − 100): no denominator.
        let september = CEIReport.compute(DSOReportTests.ledger, asOf: d("2026-09-30"), months: 1, filter: ReportFilter())
        #expect(try #require(september.sections.first).period.index == nil)
    }
}
