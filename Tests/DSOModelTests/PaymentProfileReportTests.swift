import DSOModel
import Foundation
import Testing

@Suite("Payment profile: amount-weighted delay over six months, bands")
struct PaymentProfileReportTests {
    @Test("hand-worked: early payment counts 0, the window is six months, credit notes and open items are left out")
    func handWorked() throws {
        let eur = CurrencyCode("EUR")!, asOf = d("2026-11-22")
        func paid(_ minor: Int64, due: String, on day: String?, kind: ItemKind = .invoice) -> PaymentProfileReport.Entry {
            let item = OpenItem(id: UUIDv7.make(), customerID: UUIDv7.make(), number: "I", kind: kind, issueDate: d("2026-01-01"),
                                dueDate: d(due), initialAmount: Money(minor: minor, currency: eur),
                                openAmount: Money(minor: day == nil ? minor : 0, currency: eur), clearedDate: day.map(d))
            return PaymentProfileReport.Entry(customer: "C1", name: "One", collector: "alice", item: item)
        }
        #expect(PaymentProfileReport.windowStart(asOf) == d("2026-05-23"))
        #expect(PaymentProfileReport.windowStart(d("2026-08-31")) == d("2026-03-01"))   // February has 28 days
        // 1,000 paid 10 days late, 3,000 paid 30 days late, 500 paid early (0): (1000×10 + 3000×30) / 4500 = 22.22…
        // Left out: cleared before the window, still open, a credit note.
        let entries = [paid(1_000_00, due: "2026-10-01", on: "2026-10-11"), paid(3_000_00, due: "2026-09-01", on: "2026-10-01"),
                       paid(500_00, due: "2026-11-10", on: "2026-11-01"), paid(9_999_00, due: "2026-04-01", on: "2026-05-22"),
                       paid(7_777_00, due: "2026-09-01", on: nil), paid(-2_000_00, due: "2026-09-01", on: "2026-11-01", kind: .creditNote)]
        let report = PaymentProfileReport.compute(entries, asOf: asOf, filter: ReportFilter())
        let line = try #require(report.lines.first)
        #expect(report.lines.count == 1 && line.invoices == 3 && line.paidMinor == 4_500_00)
        #expect(abs(line.averageDelay - 100_000.0 / 4_500.0) < 1e-9)
        #expect(report.bandLabels == ["≤ 5 days", "6-30 days", "31-60 days", "> 60 days"])
        #expect(line.band == 1)
        #expect([0.0, 5, 5.5, 30, 31, 60, 60.5, 400].map { PaymentProfileReport.band(of: $0, bands: PaymentProfileReport.defaultBands) }
                == [0, 0, 1, 1, 2, 2, 3, 3])
    }
}
