import DSOModel
import Foundation
import Testing

@Suite("Disputes and promises reports (hand-worked)")
struct DisputesPromisesReportTests {
    @Test("disputes by the status that opened them: a dispute moved to another dispute status stays under its first; days to resolve; oldest open")
    func disputes() throws {
        var fx = CollectionFixture()
        // A and B: quality dispute opened 2026-10-01, moved to a price dispute 2026-10-05, resolved
        // 2026-10-21 (20 days). C (issued 2026-11-15): quality dispute opened 2026-11-16, resolved
        // 2026-11-26 (10 days). N (credit note, -100.00): price dispute opened 2026-11-10, still
        // open on 2026-12-01 (21 days).
        fx.qualify(["A", "B"], "quality_dispute", on: "2026-10-01", resolver: "tech.support", madeOn: "2026-10-01")
        fx.qualify(["A", "B"], "price_dispute", on: "2026-10-05", resolver: "sales.north", madeOn: "2026-10-05")
        fx.qualify(["A", "B"], "dispute_resolved", on: "2026-10-21", madeOn: "2026-10-21")
        fx.qualify(["N"], "price_dispute", on: "2026-11-10", resolver: "billing", madeOn: "2026-11-10")
        fx.qualify(["C"], "quality_dispute", on: "2026-11-16", resolver: "tech.support", madeOn: "2026-11-16")
        fx.qualify(["C"], "dispute_resolved", on: "2026-11-26", madeOn: "2026-11-26")
        let report = DisputesReport.compute([fx.file], asOf: d("2026-12-01"), filter: ReportFilter())
        let rows = try #require(report.sections.first).rows
        #expect(rows.map(\.status) == ["price_dispute", "quality_dispute"])
        let quality = rows[1], price = rows[0]
        #expect(quality.closedCount == 2 && quality.openCount == 0 && quality.closedMinor == 100_000 + 50_000 + 30_000)
        #expect(quality.meanDaysToResolve == 15 && quality.medianDaysToResolve == 15 && quality.oldestOpenDays == nil)
        #expect(price.openCount == 1 && price.openMinor == -10_000 && price.oldestOpenDays == 21 && price.meanDaysToResolve == nil)
        // On 2026-11-20 (facts recorded by then): A+B closed in 20 days, C open for 4 days, N open for 10.
        let earlier = DisputesReport.compute([fx.file], asOf: d("2026-11-20"), filter: ReportFilter())
        let before = try #require(earlier.sections.first).rows
        #expect(before.map(\.status) == ["price_dispute", "quality_dispute"])
        #expect(before[1].closedCount == 1 && before[1].openCount == 1 && before[1].oldestOpenDays == 4 && before[1].meanDaysToResolve == 20)
        #expect(before[0].oldestOpenDays == 10)
    }

    @Test("promises due in the period: kept, partially kept, broken, pending; superseded ones left out; broken rate by count and by amount")
    func promises() throws {
        var fx = CollectionFixture()
        // Grace 2 days. A (1,000): promised 2026-11-05, paid in full 2026-11-06: kept.
        // B (500): promised 2026-11-10, 200 paid 2026-11-11: partially kept (unpaid 300).
        // C (300): promised 2026-11-12, nothing paid: broken (unpaid 300).
        fx.qualify(["A"], "promise_to_pay", on: "2026-11-05", madeOn: "2026-11-01", amount: 100_000)
        fx.pay("A", 100_000, on: "2026-11-06")
        fx.clear("A", on: "2026-11-06")
        fx.qualify(["B"], "promise_to_pay", on: "2026-11-10", madeOn: "2026-11-02", amount: 50_000)
        fx.pay("B", 20_000, on: "2026-11-11")
        fx.qualify(["C"], "promise_to_pay", on: "2026-11-12", madeOn: "2026-11-03", amount: 30_000)
        let report = PromisesReport.compute([fx.file], graceDays: 2, asOf: d("2026-11-22"), months: 1, filter: ReportFilter())
        let section = try #require(report.sections.first)
        #expect(report.from == d("2026-11-01"))
        #expect(section.kept.count == 1 && section.kept.unpaidMinor == 0)
        #expect(section.partiallyKept.count == 1 && section.partiallyKept.promisedMinor == 50_000 && section.partiallyKept.unpaidMinor == 30_000)
        #expect(section.broken.count == 1 && section.broken.unpaidMinor == 30_000)
        #expect(abs(try #require(section.brokenRate) - 100.0 / 3.0) < 1e-9)
        // Unpaid 600 of 1,800 promised.
        #expect(abs(try #require(section.unpaidRate) - 600.0 / 1_800.0 * 100) < 1e-9)
        // On 2026-11-13, C's promise is still within grace (due 2026-11-14): pending.
        let earlier = PromisesReport.compute([fx.file], graceDays: 2, asOf: d("2026-11-13"), months: 1, filter: ReportFilter())
        #expect(earlier.sections.first?.pending.count == 1 && earlier.sections.first?.broken.count == 0)
        // A newer qualification of C (contacted) before its promise came due: superseded, not counted.
        fx.qualify(["C"], "contacted", on: "2026-11-11", madeOn: "2026-11-11")
        let superseded = PromisesReport.compute([fx.file], graceDays: 2, asOf: d("2026-11-22"), months: 1, filter: ReportFilter())
        #expect(superseded.sections.first?.broken.count == 0 && superseded.sections.first.map { $0.kept.count + $0.partiallyKept.count } == 2)
    }
}
