import DSOModel
import Foundation
import Testing

@Suite("Trend and receipts: periods, thresholds, cash from payments and clearings")
struct TrendReceiptsReportTests {
    @Test("periods: calendar months ending on the report date, weeks and days ending on it")
    func periods() {
        let months = ReportStep.month.periods(count: 3, endingOn: d("2026-11-20"))
        #expect(months.map { "\($0.first)…\($0.last)" } == ["2026-09-01…2026-09-30", "2026-10-01…2026-10-31", "2026-11-01…2026-11-20"])
        let weeks = ReportStep.week.periods(count: 2, endingOn: d("2026-11-20"))
        #expect(weeks.map { "\($0.first)…\($0.last)" } == ["2026-11-07…2026-11-13", "2026-11-14…2026-11-20"])
        #expect(ReportStep.day.periods(count: 2, endingOn: d("2026-11-20")).map(\.first.description) == ["2026-11-19", "2026-11-20"])
        #expect(ReportStep.month.label(months[2]) == "2026-11")
    }

    @Test("trend: open, overdue by 1, 31, 61 and 91 days and their rates at each period's end (the DSO ledger by hand)")
    func trend() throws {
        // On 2026-10-31: September's 100 (due 2026-10-10) is cleared; October's 200 not due until
        // 2026-11-10: open 200, nothing overdue. On 2026-11-20: October's 150 is 10 days overdue,
        // November's 300 not due: open 450, overdue 150 (33.3 %), none past 30 days.
        let report = TrendReport.compute(DSOReportTests.ledger, asOf: d("2026-11-20"), step: .month, periods: 2, filter: ReportFilter())
        let points = try #require(report.sections.first).points
        #expect(points.map(\.openMinor) == [20_000, 45_000])
        #expect(points.map(\.overdueMinor) == [[0, 0, 0, 0], [15_000, 0, 0, 0]])
        #expect(abs(try #require(points[1].rates[0]) - 100.0 / 3.0) < 1e-9)
        #expect(points[1].rates[1] == 0)
    }

    @Test("receipts: payments on their day, the uncovered rest of a cleared invoice on its clearing day, nothing for credit notes")
    func receipts() throws {
        let eur = DSOReportTests.eur
        // September's 100 cleared on 2026-10-15 with no payment: 100 received that day. October's
        // 200: 50 paid on 2026-11-05, still open. A credit note cleared on 2026-11-12: not cash.
        let note = DSOReportTests.invoice(issued: "2026-11-01", due: "2026-11-01", -3_000, cleared: "2026-11-12")
        let ledger = DSOReportTests.ledger + [DSOReport.Entry(item: note)]
        let report = ReceiptsReport.compute(ledger, asOf: d("2026-11-20"), step: .month, periods: 2, filter: ReportFilter())
        let periods = try #require(report.sections.first).periods
        #expect(periods.map(\.label) == ["2026-10", "2026-11"])
        #expect(periods.map(\.paymentsMinor) == [0, 5_000] && periods.map(\.clearingsMinor) == [10_000, 0])
        #expect(periods.map(\.count) == [1, 1] && report.sections[0].totalMinor == 15_000)
        // An invoice partly paid, then cleared: only the rest counts at clearing.
        let partly = DSOReportTests.invoice(issued: "2026-10-01", due: "2026-10-31", 40_000, cleared: "2026-11-15")
        let part = Payment(id: UUIDv7.make(), customerID: partly.customerID, itemID: partly.id, date: d("2026-11-10"),
                           amount: Money(minor: 10_000, currency: eur))
        let second = ReceiptsReport.compute([DSOReport.Entry(item: partly, payments: [part])], asOf: d("2026-11-20"), step: .week,
                                            periods: 2, filter: ReportFilter())
        #expect(second.sections[0].periods.map(\.totalMinor) == [10_000, 30_000])
    }
}
