import DSOModel
import Foundation
import Testing

@Suite("Activity report (hand-worked)")
struct ActivityReportTests {
    @Test("per collector over 7 days: done actions by their done date, late ones on the report date, qualifications, promises, disputes; replicas by login")
    func activity() throws {
        var fx = CollectionFixture()
        // Period 2026-11-16 … 2026-11-22.
        fx.action(.oneOff, on: "2026-11-16", items: ["A"], done: .reached)   // done on the first day: counted
        fx.action(.oneOff, on: "2026-11-15", items: ["A"], done: .reached)   // done the day before: not counted
        fx.action(.oneOff, on: "2026-11-21", items: ["A"])                   // planned yesterday: late
        fx.action(.oneOff, on: "2026-11-22", items: ["A"])                   // planned today: not late
        fx.action(.oneOff, on: "2026-11-01", items: ["B"])                   // B cleared: left the agenda, not late
        fx.clear("B", on: "2026-11-05")
        let doneLater = fx.action(.oneOff, on: "2026-11-10", items: ["C"])   // done after the report date: late on it
        fx.qualify(["A"], "contacted", on: "2026-11-15", madeOn: "2026-11-15")                    // before the period
        fx.qualify(["A"], "promise_to_pay", on: "2026-11-30", madeOn: "2026-11-16", amount: 100_000)
        fx.qualify(["A"], "quality_dispute", on: "2026-11-20", resolver: "tech.support", madeOn: "2026-11-20")
        fx.qualify(["A"], "dispute_resolved", on: "2026-11-21", madeOn: "2026-11-21")
        fx.event(doneLater, .done, on: "2026-11-23", outcome: .reached, madeOn: "2026-11-23")
        var orphan = CollectionFixture().file
        orphan.customer.collector = nil
        let alice = UUIDv7.make(), bruno = UUIDv7.make(), old = UUIDv7.make()
        let replicas = [
            ActivityReport.ReplicaSync(login: "bruno", replicaID: bruno, lastPush: nil, lastPull: Date(timeIntervalSince1970: 1_000)),
            ActivityReport.ReplicaSync(login: "alice", replicaID: old, lastPush: Date(timeIntervalSince1970: 10), lastPull: nil),
            ActivityReport.ReplicaSync(login: "alice", replicaID: alice, lastPush: Date(timeIntervalSince1970: 50), lastPull: Date(timeIntervalSince1970: 900)),
        ]
        let report = ActivityReport.compute([fx.file, orphan], replicas: replicas, asOf: d("2026-11-22"), days: 7, filter: ReportFilter())
        #expect(report.from == d("2026-11-16"))
        #expect(report.collectors.map(\.collector) == ["alice", nil])
        let row = report.collectors[0]
        #expect(row.customers == 1 && row.actionsDone == 1 && row.lateActions == 2)
        #expect(row.qualifications == 3 && row.promises == 1 && row.disputesOpened == 1 && row.disputesClosed == 1)
        #expect(report.collectors[1].customers == 1 && report.collectors[1].actionsDone == 0)
        #expect(report.replicas.map(\.replicaID) == [alice, old, bruno])
        #expect(report.replicas[0].lastSync == Date(timeIntervalSince1970: 900))
        // A day later (2026-11-17 … 2026-11-23): the action done on 2026-11-23 is done, no longer late, and the
        // one done on 11-16 has left the period; 11-21 and 11-22 are both late; the promise of 11-16 is out.
        let later = ActivityReport.compute([fx.file], replicas: replicas, asOf: d("2026-11-23"), days: 7, filter: ReportFilter(collector: "alice"))
        #expect(later.collectors[0].actionsDone == 1 && later.collectors[0].lateActions == 2)
        #expect(later.collectors[0].qualifications == 2 && later.collectors[0].promises == 0)
        #expect(later.replicas.map(\.login) == ["alice", "alice"])
    }
}
