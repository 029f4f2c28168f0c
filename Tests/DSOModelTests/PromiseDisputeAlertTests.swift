import DSOModel
import Foundation
import Testing

@Suite("Promises, disputes, alerts and action replay (hand-worked cases)")
struct PromiseDisputeAlertTests {
    let eur = CollectionFixture.eur

    func payment(_ fx: CollectionFixture, _ item: String, _ minor: Int64, on date: String) -> Payment {
        Payment(id: UUIDv7.make(), customerID: fx.customer.id, itemID: fx[item].id, date: d(date), amount: Money(minor: minor, currency: eur))
    }

    /// A promise made on 2026-11-10 to pay A (1,000.00) on 2026-11-20; with 2 grace days it is
    /// judged after 2026-11-22.
    func promised() -> (CollectionFixture, PromiseToPay.ID) {
        var fx = CollectionFixture()
        let q = fx.qualify(["A"], "promise_to_pay", on: "2026-11-20", madeOn: "2026-11-10")
        return (fx, q.id)
    }

    func state(_ fx: CollectionFixture, _ payments: [Payment], today: String) throws -> PromiseToPay.State {
        var fx = fx
        fx.payments = payments
        let promise = try #require(PromiseToPay.derive(from: fx.file).first)
        return promise.evaluate(in: fx.file, graceDays: 2, today: d(today))
    }

    @Test("kept: paid in full by the promised date + grace")
    func kept() throws {
        var (fx, _) = promised()
        let payments = [payment(fx, "A", 100_000, on: "2026-11-19")]
        fx.clear("A", on: "2026-11-19")
        #expect(try state(fx, payments, today: "2026-11-20") == .kept)
        #expect(try state(fx, payments, today: "2026-12-31") == .kept)
        fx.payments = payments
        #expect(try #require(PromiseToPay.derive(from: fx.file).first).amount.minor == 100_000)
    }

    @Test("partially kept: 400.00 of 1,000.00 paid by the deadline")
    func partiallyKept() throws {
        var (fx, _) = promised()
        fx.items["A"]!.openAmount = Money(minor: 60_000, currency: eur)
        let payments = [payment(fx, "A", 40_000, on: "2026-11-21")]
        #expect(try state(fx, payments, today: "2026-11-22") == .pending)        // still within grace
        #expect(try state(fx, payments, today: "2026-11-23") == .partiallyKept)
    }

    @Test("broken: nothing paid by the deadline; a payment after it does not count")
    func broken() throws {
        let (fx, _) = promised()
        #expect(try state(fx, [], today: "2026-11-22") == .pending)
        #expect(try state(fx, [], today: "2026-11-23") == .broken)
        #expect(try state(fx, [payment(fx, "A", 100_000, on: "2026-11-25")], today: "2026-11-26") == .broken)
        let alerts = CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: d("2026-11-23"))
        #expect(alerts.contains { $0.kind == .promiseBroken && $0.days == 3 })
    }

    @Test("superseded: a newer qualification of its items replaces it")
    func superseded() throws {
        var (fx, _) = promised()
        fx.qualify(["A"], "reminder_sent", on: "2026-11-15", madeOn: "2026-11-15")
        #expect(try state(fx, [], today: "2026-11-30") == .superseded)
        #expect(!CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: d("2026-11-30")).contains { $0.kind == .promiseBroken })
    }

    @Test("a dispute opens with a dispute status, closes item by item, and measures its duration")
    func disputeLifecycle() throws {
        var fx = CollectionFixture()
        let opening = fx.qualify(["A", "B"], "quality_dispute", on: "2026-11-01", resolver: "tech.support")
        fx.qualify(["A"], "price_dispute", on: "2026-11-03", resolver: "sales")      // A is already in dispute: no second one
        fx.qualify(["A"], "dispute_resolved", on: "2026-11-10")
        var disputes = Dispute.derive(from: fx.file)
        #expect(disputes.count == 1)
        #expect(disputes[0].id == opening.id && disputes[0].isOpen && disputes[0].openItemIDs == [fx["B"].id])
        fx.qualify(["B"], "credit_note_issued", on: "2026-11-15")
        disputes = Dispute.derive(from: fx.file)
        #expect(!disputes[0].isOpen && disputes[0].closedOn == d("2026-11-15"))
        #expect(disputes[0].duration(today: d("2026-11-22")) == 14)
        // Once closed, a new dispute on A may open.
        fx.qualify(["A"], "price_dispute", on: "2026-11-18", resolver: "sales")
        #expect(Dispute.derive(from: fx.file).filter(\.isOpen).map(\.statusCode) == ["price_dispute"])
    }

    @Test("completing the dispute's specific action closes it")
    func disputeClosedByAction() throws {
        var fx = CollectionFixture()
        let opening = fx.qualify(["A"], "quality_dispute", on: "2026-11-01", resolver: "tech.support")
        let action = fx.action(.specific, on: "2026-11-12", items: ["A"], qualification: opening.id)
        #expect(Dispute.derive(from: fx.file)[0].isOpen)
        fx.event(action, .done, on: "2026-11-12", outcome: .reached)
        let dispute = Dispute.derive(from: fx.file)[0]
        #expect(!dispute.isOpen && dispute.closedOn == d("2026-11-12"))
    }

    @Test("alerts: no action for more than 15 days or never; dispute open more than 30 days")
    func alerts() {
        var fx = CollectionFixture()
        var alerts = CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: CollectionFixture.today)
        #expect(alerts.map(\.kind) == [.noRecentAction] && alerts[0].days == nil)      // never actioned
        fx.action(.oneOff, on: "2026-11-01", items: ["A"], done: .voicemail)
        alerts = CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: CollectionFixture.today)
        #expect(alerts.map(\.kind) == [.noRecentAction] && alerts[0].days == 21)
        fx.action(.oneOff, on: "2026-11-10", items: ["A"], done: .reached)
        #expect(CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: CollectionFixture.today).isEmpty)  // 12 days
        fx.qualify(["B"], "missing_material", on: "2026-10-01", resolver: "warehouse")
        alerts = CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(), today: CollectionFixture.today)
        #expect(alerts.map(\.kind) == [.longDispute] && alerts[0].days == 52)
        #expect(CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: .init(alertDisputeDays: 60), today: CollectionFixture.today).isEmpty)
    }

    @Test("an action's state is the replay of its events, whatever order they arrive in")
    func actionReplay() throws {
        var fx = CollectionFixture()
        let id = fx.action(.specific, on: "2026-12-01", items: ["A"])
        fx.event(id, .rescheduled, on: "2026-12-05")
        fx.event(id, .done, on: "2026-12-04", outcome: .reached)
        fx.event(id, .cancelled, on: "2026-12-06")            // after done: ignored
        for _ in 0..<20 {
            let action = try #require(CollectionAction.replay(fx.events.shuffled()))
            #expect(action.state == .done && action.date == d("2026-12-04") && action.outcome == .reached)
            #expect(action.plannedDate == d("2026-12-01"))
        }
        #expect(CollectionAction.replay(fx.events.filter { $0.kind != .created }) == nil)
        let logged = fx.action(.oneOff, on: "2026-11-22", items: ["B"], done: .voicemail)
        #expect(CollectionAction.replayAll(fx.events)[logged]?.state == .done)
    }

    @Test("a planned action whose items are all cleared is obsolete, whenever they were cleared")
    func obsolete() throws {
        var fx = CollectionFixture()
        let id = fx.action(.followUp, on: "2026-12-01", items: ["A", "B"])
        fx.clear("A", on: "2026-11-25")
        #expect(!(try #require(fx.file.actions.first { $0.id == id })).isObsolete(items: fx.file.items))
        fx.clear("B", on: "2026-11-28")
        #expect(try #require(fx.file.actions.first { $0.id == id }).isObsolete(items: fx.file.items))
        // A late follow-up (planned 11-15) whose items were paid after its date leaves the agenda too.
        var late = CollectionFixture()
        let lateID = late.action(.followUp, on: "2026-11-15", items: ["A"])
        #expect(Agenda.build(files: [late.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: CollectionFixture.today)
            .contains { $0.id == lateID })
        late.clear("A", on: "2026-11-20")
        #expect(try #require(late.file.actions.first { $0.id == lateID }).isObsolete(items: late.file.items))
        #expect(!Agenda.build(files: [late.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: CollectionFixture.today)
            .contains { $0.id == lateID })
    }
}
