import DSOModel
import Foundation
import Testing

@Suite("DSO: standard, count-back, current, overdue, best possible, ADD")
struct DSOReportTests {
    static let eur = CurrencyCode("EUR")!

    static func invoice(issued: String, due: String, _ minor: Int64, open: Int64? = nil, cleared: String? = nil) -> OpenItem {
        OpenItem(id: UUIDv7.make(), customerID: UUIDv7.make(), number: "I", kind: minor < 0 ? .creditNote : .invoice,
                 issueDate: d(issued), dueDate: d(due), initialAmount: Money(minor: minor, currency: eur),
                 openAmount: Money(minor: cleared == nil ? (open ?? minor) : 0, currency: eur), clearedDate: cleared.map(d))
    }

    /// Sales: September 100.00, October 200.00, November (to the 20th) 300.00.
    /// On 2026-11-20: the November invoice (not due) 300.00 and 150.00 left of October's (due
    /// 2026-11-10, 50.00 paid on 2026-11-05); September's was paid on 2026-10-15.
    static var ledger: [DSOReport.Entry] {
        let sep = invoice(issued: "2026-09-10", due: "2026-10-10", 10_000, cleared: "2026-10-15")
        let oct = invoice(issued: "2026-10-11", due: "2026-11-10", 20_000, open: 15_000)
        let nov = invoice(issued: "2026-11-18", due: "2026-12-18", 30_000)
        let paid = Payment(id: UUIDv7.make(), customerID: oct.customerID, itemID: oct.id, date: d("2026-11-05"),
                           amount: Money(minor: 5_000, currency: eur))
        return [DSOReport.Entry(item: sep), DSOReport.Entry(item: oct, payments: [paid]), DSOReport.Entry(item: nov)]
    }

    @Test("hand-worked months: the count-back walk over calendar months, current and overdue split, best possible and ADD")
    func handWorked() throws {
        let report = DSOReport.compute(DSOReportTests.ledger, asOf: d("2026-11-20"), months: 3, filter: ReportFilter())
        let months = try #require(report.sections.first).months
        #expect(months.map(\.month.description) == ["2026-09", "2026-10", "2026-11"])
        #expect(months.map(\.end.description) == ["2026-09-30", "2026-10-31", "2026-11-20"])
        #expect(months.map(\.days) == [30, 31, 20])
        #expect(months.map(\.salesMinor) == [10_000, 20_000, 30_000])
        #expect(months.map(\.receivablesMinor) == [10_000, 20_000, 45_000])
        #expect(months.map(\.notDueMinor) == [10_000, 20_000, 30_000])
        let nov = months[2]
        // 450 / 300 × 20 = 30; count-back: November's 300 taken (20 days), 150 left < October's
        // 200: + 150/200 × 31 = 23.25 → 43.25; current: 300 covers November exactly → 20.
        #expect(nov.standard == 30)
        #expect(abs(try #require(nov.countBack) - 43.25) < 1e-9)
        #expect(nov.current == 20)
        #expect(abs(try #require(nov.overdue) - 23.25) < 1e-9)
        #expect(nov.bestPossible == 20 && nov.averageDaysDelinquent == 10)
        // October: 200 open (50 paid only in November), 200 sold: 31 days every way.
        #expect(months[1].standard == 31 && months[1].countBack == 31 && months[1].current == 31 && months[1].overdue == 0)
    }

    @Test("count-back walks back several months, credit notes lower the sales, and no sales gives no figure")
    func walk() throws {
        let sales: [CalendarMonth: Int64] = [CalendarMonth(year: 2026, month: 11): 100, CalendarMonth(year: 2026, month: 10): 100,
                                             CalendarMonth(year: 2026, month: 9): 400]
        // 300 on 2026-11-30: November (30 d) and October (31 d) taken, 100 left of September's 400:
        // 30 + 31 + 100/400 × 30 = 68.5.
        #expect(DSOReport.countBack(300, from: CalendarMonth(year: 2026, month: 11), firstDays: 30, sales: sales) == 68.5)
        #expect(DSOReport.countBack(0, from: CalendarMonth(year: 2026, month: 11), firstDays: 30, sales: sales) == 0)
        #expect(DSOReport.countBack(200, from: CalendarMonth(year: 2026, month: 11), firstDays: 30, sales: sales) == 61)
        #expect(DSOReport.countBack(50, from: CalendarMonth(year: 2026, month: 11), firstDays: 30, sales: [:]) == nil)
        // A credit note issued in November nets its sales: 300 − 100 = 200.
        let ledger = DSOReportTests.ledger + [DSOReport.Entry(item: DSOReportTests.invoice(issued: "2026-11-19", due: "2026-11-19", -10_000))]
        let report = DSOReport.compute(ledger, asOf: d("2026-11-20"), months: 1, filter: ReportFilter())
        let nov = try #require(report.sections.first?.months.first)
        #expect(nov.salesMinor == 20_000 && nov.receivablesMinor == 35_000)
        #expect(nov.standard == 35)   // 350 / 200 × 20
        let empty = DSOReport.compute([], asOf: d("2026-11-20"), months: 2, filter: ReportFilter())
        #expect(empty.sections.isEmpty)
    }
}
