import DSOModel
import Foundation
import Testing

@Suite("Aging report: buckets, netting, past dates")
struct AgingReportTests {
    static let eur = CurrencyCode("EUR")!
    static let usd = CurrencyCode("USD")!
    static let asOf = d("2026-11-22")

    static func entry(_ code: String, collector: String? = "alice", dpd: Int, _ minor: Int64, _ currency: CurrencyCode = eur) -> AgingReport.Entry {
        AgingReport.Entry(customerCode: code, customerName: "Customer \(code)", collector: collector,
                          dueDate: asOf.adding(days: -dpd), open: Money(minor: minor, currency: currency))
    }

    @Test("bucket boundaries: 0 not due, 1 and 30 in 1-30, 31 and 60 in 31-60, 61 and 90 in 61-90, 91 in 91+",
          arguments: [(-5, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (400, 4)])
    func boundaries(_ dpd: Int, _ bucket: Int) {
        #expect(AgingBuckets.bucket(daysPastDue: dpd) == bucket)
        let report = AgingReport.compute([AgingReportTests.entry("C1", dpd: dpd, 10_000)], asOf: AgingReportTests.asOf, filter: ReportFilter())
        var expected = [Int64](repeating: 0, count: 5)
        expected[bucket] = 10_000
        #expect(report.totals.map(\.buckets.minor) == [expected])
    }

    @Test("a credit note nets inside its own bucket; buckets add up to the balance; overdue % by hand")
    func netting() throws {
        // Invoice 1,000.00 at 45 days, credit note -300.00 at 40 days (same bucket), invoice 500.00
        // not due, credit note -100.00 at 10 days (1-30 alone: negative).
        let entries = [AgingReportTests.entry("C1", dpd: 45, 100_000), AgingReportTests.entry("C1", dpd: 40, -30_000),
                       AgingReportTests.entry("C1", dpd: -3, 50_000), AgingReportTests.entry("C1", dpd: 10, -10_000)]
        let report = AgingReport.compute(entries, asOf: AgingReportTests.asOf, filter: ReportFilter())
        let total = try #require(report.totals.first)
        #expect(total.buckets.minor == [50_000, -10_000, 70_000, 0, 0])
        #expect(total.buckets.count == [1, 1, 2, 0, 0])
        #expect(total.buckets.total == 110_000)
        #expect(total.buckets.overdue == 60_000)
        // 600 / 1,100 = 54.5454… %
        #expect(abs(try #require(total.buckets.overduePercent) - 54.545454) < 0.0001)
        #expect(report.customers.map(\.buckets) == [total.buckets])
    }

    @Test("per customer, per collector (unassigned last) and per currency, never added across currencies")
    func lines() {
        let entries = [AgingReportTests.entry("C2", collector: "bruno", dpd: 5, 1_000),
                       AgingReportTests.entry("C1", collector: "alice", dpd: 50, 2_000),
                       AgingReportTests.entry("C1", collector: "alice", dpd: 95, 700, AgingReportTests.usd),
                       AgingReportTests.entry("C3", collector: nil, dpd: 0, 4_000),
                       AgingReportTests.entry("C4", collector: "alice", dpd: 20, 0)]
        let report = AgingReport.compute(entries, asOf: AgingReportTests.asOf, filter: ReportFilter())
        #expect(report.customers.map { "\($0.key!) \($0.currency) \($0.buckets.total)" } == ["C1 EUR 2000", "C1 USD 700", "C2 EUR 1000", "C3 EUR 4000"])
        #expect(report.collectors.map { "\($0.key ?? "-") \($0.currency) \($0.buckets.total)" } == ["alice EUR 2000", "alice USD 700", "bruno EUR 1000", "- EUR 4000"])
        #expect(report.totals.map { "\($0.currency) \($0.buckets.minor)" } == ["EUR [4000, 1000, 2000, 0, 0]", "USD [0, 0, 0, 0, 700]"])
        #expect(AgingBuckets().overduePercent == nil)
    }

    @Test("open on a past date: not issued yet, cleared since, payments made since added back")
    func pastDates() {
        let eur = AgingReportTests.eur
        func item(open: Int64, initial: Int64, cleared: String? = nil) -> OpenItem {
            OpenItem(id: UUIDv7.make(), customerID: UUIDv7.make(), number: "INV-1", kind: .invoice, issueDate: d("2026-08-01"),
                     dueDate: d("2026-09-01"), initialAmount: Money(minor: initial, currency: eur), openAmount: Money(minor: open, currency: eur),
                     clearedDate: cleared.map(d))
        }
        func pay(_ item: OpenItem, _ date: String, _ minor: Int64) -> Payment {
            Payment(id: UUIDv7.make(), customerID: item.customerID, itemID: item.id, date: d(date), amount: Money(minor: minor, currency: eur))
        }
        // Issued 2026-08-01: nothing open the day before.
        let open = item(open: 40_000, initial: 100_000)
        #expect(open.openAmount(on: d("2026-07-31")) == nil)
        // 1,000.00 at issue, 600.00 paid on 2026-10-15: open 1,000.00 on 2026-10-14, 400.00 on 2026-10-15 and today.
        let payments = [pay(open, "2026-10-15", 60_000)]
        #expect(open.openAmount(on: d("2026-10-14"), payments: payments)?.minor == 100_000)
        #expect(open.openAmount(on: d("2026-10-15"), payments: payments)?.minor == 40_000)
        #expect(open.openAmount(on: d("2026-11-22"), payments: payments)?.minor == 40_000)
        // Cleared on 2026-11-10 after a partial payment of 300.00 on 2026-10-01: 1,000.00 open on
        // 2026-09-30, 700.00 on 2026-11-09, nothing from 2026-11-10.
        let cleared = item(open: 0, initial: 100_000, cleared: "2026-11-10")
        let partial = [pay(cleared, "2026-10-01", 30_000), pay(cleared, "2026-11-10", 70_000)]
        #expect(cleared.openAmount(on: d("2026-09-30"), payments: partial)?.minor == 100_000)
        #expect(cleared.openAmount(on: d("2026-11-09"), payments: partial)?.minor == 70_000)
        #expect(cleared.openAmount(on: d("2026-11-10"), payments: partial) == nil)
        // Cleared with no payment recorded: its whole amount was open until then.
        #expect(item(open: 0, initial: 100_000, cleared: "2026-11-10").openAmount(on: d("2026-11-01"))?.minor == 100_000)
    }
}
