import DSOModel
import Foundation
import Testing

@Suite("Cash forecast (hand-worked)")
struct ForecastReportTests {
    @Test("promised date for a pending promise; due + resolution + delay for a dispute; due + delay otherwise; litigation out; past dates off forecast")
    func handWorked() throws {
        var fx = CollectionFixture()
        let eur = CollectionFixture.eur
        func add(_ name: String, due: String, _ minor: Int64, cleared: String? = nil) {
            let dueDate = d(due)
            fx.items[name] = OpenItem(id: UUIDv7.make(), customerID: fx.customer.id, number: "INV-\(name)", kind: .invoice,
                                      issueDate: dueDate.adding(days: -30), dueDate: dueDate, initialAmount: Money(minor: minor, currency: eur),
                                      openAmount: Money(minor: cleared == nil ? minor : 0, currency: eur), clearedDate: cleared.map(d))
        }
        // Paid history: P (2,000) paid 10 days late on 2026-10-11: the customer's delay is 10 days.
        add("P", due: "2026-10-01", 200_000, cleared: "2026-10-11")
        // L (400): in litigation. D (600, due 2026-11-20): in a price dispute; price disputes took
        // 14 days to resolve (R, opened 2026-10-01, resolved 2026-10-15).
        add("L", due: "2026-11-01", 40_000)
        add("D", due: "2026-11-20", 60_000)
        add("R", due: "2026-09-20", 10_000)
        fx.qualify(["R"], "price_dispute", on: "2026-10-01", resolver: "sales.north", madeOn: "2026-10-01")
        fx.qualify(["R"], "dispute_resolved", on: "2026-10-15", madeOn: "2026-10-15")
        fx.clear("R", on: "2026-10-20")
        fx.qualify(["L"], "litigation", on: "2026-11-05", madeOn: "2026-11-05")
        fx.qualify(["D"], "price_dispute", on: "2026-11-10", resolver: "sales.north", madeOn: "2026-11-10")
        // B (500): promised for 2026-11-25, made 2026-11-20: pending on 2026-11-22.
        fx.qualify(["B"], "promise_to_pay", on: "2026-11-25", madeOn: "2026-11-20", amount: 50_000)
        let report = ForecastReport.compute([fx.file], graceDays: 2, asOf: d("2026-11-22"), weeks: 6, filter: ReportFilter())
        let section = try #require(report.sections.first)
        #expect(report.resolutionDays == ["price_dispute": 14])
        #expect(section.weeks.map(\.first.description) == ["2026-11-22", "2026-11-29", "2026-12-06", "2026-12-13", "2026-12-20", "2026-12-27"])
        // B: promised 500 on 2026-11-25 (week 0). D: 2026-11-20 + 14 + 10 = 2026-12-14 (week 3).
        // C (300, due 2026-12-15): + 10 = 2026-12-25 (week 4). A (1,000, due 2026-09-01) + 10 is
        // past: off forecast. L: litigation. N (credit note): not forecast.
        #expect(section.weeks.map(\.promisedMinor) == [50_000, 0, 0, 0, 0, 0])
        #expect(section.weeks.map(\.expectedMinor) == [0, 0, 0, 60_000, 30_000, 0])
        #expect(section.offForecastMinor == 100_000 && section.litigationMinor == 40_000 && section.laterMinor == 0)
        let shorter = ForecastReport.compute([fx.file], graceDays: 2, asOf: d("2026-11-22"), weeks: 4, filter: ReportFilter())
        #expect(shorter.sections.first?.laterMinor == 30_000)
    }

    @Test("customers with no qualification read from their report ledgers forecast and count as their files do")
    func ledgersMatchFiles() throws {
        var busy = CollectionFixture(), quiet = CollectionFixture()
        let eur = CollectionFixture.eur
        func add(_ fx: inout CollectionFixture, _ name: String, due: String, _ minor: Int64) {
            fx.items[name] = OpenItem(id: UUIDv7.make(), customerID: fx.customer.id, number: "INV-\(name)", kind: .invoice,
                                      issueDate: d(due).adding(days: -30), dueDate: d(due), initialAmount: Money(minor: minor, currency: eur),
                                      openAmount: Money(minor: minor, currency: eur))
        }
        for fx in [0, 1] {
            var f = fx == 0 ? busy : quiet
            add(&f, "P", due: "2026-10-01", 200_000)
            f.clear("P", on: "2026-10-19")
            add(&f, "Q", due: "2026-11-10", 80_000)
            add(&f, "S", due: "2026-12-01", 30_000)
            if fx == 0 { busy = f } else { quiet = f }
        }
        quiet.pay("Q", 20_000, on: "2026-11-15")
        quiet.items["Q"]!.openAmount.minor = 60_000
        busy.qualify(["Q"], "promise_to_pay", on: "2026-11-28", madeOn: "2026-11-20", amount: 80_000)
        let asOf = d("2026-11-22")
        let whole = ForecastReport.compute([busy.file, quiet.file], graceDays: 2, asOf: asOf, weeks: 6, filter: ReportFilter())
        let ledgers = ReportLedger.build(items: quiet.items.values.map { ($0.id, LedgerItem($0)) }, payments: quiet.payments)
        let split = ForecastReport.compute([busy.file], ledgers: ledgers.map(\.entries), graceDays: 2, asOf: asOf, weeks: 6, filter: ReportFilter())
        #expect(split == whole)
        // Both paid P 18 days late: Q (600 open) 2026-11-10 + 18 in week 0; each S (300) 2026-12-01 + 18 in
        // week 3; each fixture C (300) 2026-12-15 + 18 in week 5.
        #expect(whole.sections.first?.weeks.map(\.expectedMinor) == [60_000, 0, 0, 60_000, 0, 60_000])
        let activity = ActivityReport.compute([busy.file, quiet.file], replicas: [], asOf: asOf, days: 30, filter: ReportFilter())
        let counted = ActivityReport.compute([busy.file], quietCustomers: [quiet.customer.collector: 1], replicas: [], asOf: asOf, days: 30,
                                             filter: ReportFilter())
        #expect(counted == activity)
    }
}
