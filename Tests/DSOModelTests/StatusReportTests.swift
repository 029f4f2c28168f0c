import DSOModel
import Foundation
import Testing

@Suite("Status report: % qualified overdue")
struct StatusReportTests {
    @Test("by amount and by count, per type and status, [none] last; not due, negative and cleared items left out")
    func handWorked() throws {
        let eur = CurrencyCode("EUR")!, asOf = d("2026-11-22")
        let statuses = ["promise": Status(code: "promise", name: "Promise to pay", type: .promiseToPay),
                        "litige": Status(code: "litige", name: "Litigation", type: .litigation),
                        "called": Status(code: "called", name: "Called", type: .ongoing)]
        func entry(dpd: Int, _ minor: Int64, _ status: String?) -> ReportItem {
            let item = OpenItem(id: UUIDv7.make(), customerID: UUIDv7.make(), number: "I", kind: minor < 0 ? .creditNote : .invoice,
                                issueDate: asOf.adding(days: -dpd - 30), dueDate: asOf.adding(days: -dpd),
                                initialAmount: Money(minor: minor, currency: eur), openAmount: Money(minor: minor, currency: eur))
            return ReportItem(customerCode: "C1", customerName: "C1", collector: "alice", item: item,
                              open: Money(minor: minor, currency: eur), statusCode: status)
        }
        // Overdue invoices: 1,000 promise (dpd 1), 500 called (dpd 40), 300 called (dpd 91),
        // 200 never qualified (dpd 5). Left out: 400 litigation not yet due (dpd 0), a credit
        // note -100 qualified (negative), and nothing else.
        let items = [entry(dpd: 1, 100_000, "promise"), entry(dpd: 40, 50_000, "called"), entry(dpd: 91, 30_000, "called"),
                     entry(dpd: 5, 20_000, nil), entry(dpd: 0, 40_000, "litige"), entry(dpd: 20, -10_000, "called")]
        let report = StatusReport.compute(items, statuses: statuses, asOf: asOf, filter: ReportFilter())
        let section = try #require(report.sections.first)
        #expect(report.sections.count == 1)
        #expect(section.overdueMinor == 200_000 && section.overdueCount == 4)
        #expect(section.qualifiedMinor == 180_000 && section.qualifiedCount == 3)
        #expect(section.qualifiedPercent == 90)          // 1,800 / 2,000
        #expect(section.qualifiedCountPercent == 75)     // 3 / 4
        #expect(section.byType.map { "\($0.type?.rawValue ?? "[none]") \($0.minor) \($0.count)" }
                == ["ongoing 80000 2", "promise_to_pay 100000 1", "[none] 20000 1"])
        #expect(section.byStatus.map { "\($0.status ?? "[none]") \($0.name ?? "-") \($0.minor)" }
                == ["called Called 80000", "promise Promise to pay 100000", "[none] - 20000"])
        #expect(StatusReport.compute([], statuses: statuses, asOf: asOf, filter: ReportFilter()).sections.isEmpty)
    }

    @Test("on a past date an item's status is the one recorded by then")
    func pastStatus() {
        let replica = UUIDv7.make(), item = UUIDv7.make(), customer = UUIDv7.make()
        func q(_ day: String, _ code: String) -> Qualification {
            let millis = Int64(d(day).dayNumber) * 86_400_000 + 9 * 3_600_000
            return Qualification(id: UUIDv7.make(), customerID: customer, itemIDs: [item], statusCode: code, comment: code,
                                 statusDate: d(day), author: "alice", replicaID: replica, hlc: HLC(millis: millis))
        }
        let history = [q("2026-10-01", "called"), q("2026-11-01", "promise")]
        #expect(Qualification.current(of: history, on: d("2026-09-30")) == nil)
        #expect(Qualification.current(of: history, on: d("2026-10-01"))?.statusCode == "called")
        #expect(Qualification.current(of: history, on: d("2026-10-31"))?.statusCode == "called")
        #expect(Qualification.current(of: history, on: d("2026-11-22"))?.statusCode == "promise")
    }
}
