import DSOModel
import Foundation
import Testing

/// The rules a first week of field use clarified (shared/DOMAIN.md, "Rules clarified"), worked by
/// hand on ``CollectionFixture`` (A due 09-01 1,000.00; B due 10-01 500.00; C due 12-15 300.00).
@Suite("Collection rules clarified after the first field tests")
struct CollectionRulesTests {
    let today = CollectionFixture.today   // 2026-11-22
    let planner = ScenarioPlanner(scenario: .standard)

    func leader(_ fx: CollectionFixture, on day: String) -> String? {
        planner.next(for: fx.file, today: d(day)).map { proposal in fx.items.first { $0.value.id == proposal.leaderItemID }!.key }
    }

    @Test("a pending promise takes its items out of the scenario; broken, they come back")
    func promiseLeavesScenario() throws {
        var fx = CollectionFixture()
        #expect(leader(fx, on: "2026-11-22") == "A")
        let q = fx.qualify(["A"], "promise_to_pay", on: "2026-11-20", madeOn: "2026-11-20", promised: "2026-11-27")
        #expect(leader(fx, on: "2026-11-22") == "B")          // A is promised for 11-27
        #expect(leader(fx, on: "2026-11-29") == "B")          // deadline 11-27 + 2 grace days
        #expect(leader(fx, on: "2026-11-30") == "A")          // broken: A is chased again
        // Its follow-up is a specific action two days after the promised date.
        let promise = try #require(StatusCatalogue.defaults.first { $0.code == "promise_to_pay" })
        let followUp = try #require(q.followUp(.standard, status: promise, eventID: UUIDv7.make(), hlc: q.hlc))
        #expect(followUp.actionKind == .specific && followUp.date == d("2026-11-29"))
        // While the promise is pending, that specific action keeps A out; once broken it does not.
        fx.action(.specific, on: "2026-11-29", items: ["A"], qualification: q.id, id: q.followUpID)
        #expect(fx.file.excludedItems(graceDays: 2, today: d("2026-11-25")).contains(fx["A"].id))
        #expect(!fx.file.excludedItems(graceDays: 2, today: d("2026-11-30")).contains(fx["A"].id))
    }

    @Test("kept by paying the promised amount, or superseded, the items return to the scenario")
    func promiseKeptOrSuperseded() throws {
        var kept = CollectionFixture()
        kept.qualify(["A"], "promise_to_pay", on: "2026-11-20", madeOn: "2026-11-20", promised: "2026-11-27", amount: 40_000)
        #expect(leader(kept, on: "2026-11-24") == "B")
        kept.pay("A", 40_000, on: "2026-11-25")
        kept.items["A"]!.openAmount = Money(minor: 60_000, currency: CollectionFixture.eur)
        #expect(kept.file.promises(graceDays: 2, today: d("2026-11-26")).first?.state == .kept)
        #expect(leader(kept, on: "2026-11-26") == "A")        // 600.00 still open: chased again

        var superseded = CollectionFixture()
        superseded.qualify(["A"], "promise_to_pay", on: "2026-11-20", madeOn: "2026-11-20", promised: "2026-11-27")
        superseded.qualify(["A"], "contacted", on: "2026-11-21", madeOn: "2026-11-21")
        #expect(superseded.file.promises(graceDays: 2, today: today).first?.state == .superseded)
        #expect(leader(superseded, on: "2026-11-22") == "A")
    }

    @Test("a newer qualification supersedes the still-planned follow-up of the older one: one follow-up per item")
    func oneFollowUpPerItem() throws {
        var fx = CollectionFixture()
        let older = fx.qualify(["A", "B"], "reminder_sent", on: "2026-11-10", madeOn: "2026-11-10")
        fx.action(.followUp, on: "2026-11-17", items: ["A", "B"], qualification: older.id, id: older.followUpID)
        let newer = fx.qualify(["A"], "contacted", on: "2026-11-18", madeOn: "2026-11-18")
        fx.action(.followUp, on: "2026-11-25", items: ["A"], qualification: newer.id, id: newer.followUpID)
        // B still has the older qualification as its current one: its follow-up stands, for B only.
        let partial = try #require(fx.file.actions.first { $0.id == older.followUpID })
        #expect(partial.isOpen && partial.itemIDs == [fx["B"].id])
        let chasingA = Agenda.build(files: [fx.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: today)
            .filter { $0.kind == .followUp && $0.itemIDs.contains(fx["A"].id) }
        #expect(chasingA.map(\.id) == [newer.followUpID])
        let newest = fx.qualify(["B"], "invoice_not_received", on: "2026-11-19", madeOn: "2026-11-19")
        fx.action(.followUp, on: "2026-11-24", items: ["B"], qualification: newest.id, id: newest.followUpID)
        let old = try #require(fx.file.actions.first { $0.id == older.followUpID })
        #expect(old.state == .cancelled && old.closedBy == "system" && old.note == "superseded" && old.isSuperseded)
        #expect(old.closedAt == newest.hlc && old.date == d("2026-11-19"))
        let agenda = Agenda.build(files: [fx.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: today)
            .filter { $0.kind == .followUp }
        #expect(agenda.map(\.id) == [newest.followUpID, newer.followUpID])      // 11-24 then 11-25; the late 11-17 one is gone
        #expect(agenda.allSatisfy { $0.customerCode == "C0001" })
    }

    @Test("a dispute ends with any status of another type; a change of dispute status keeps it open and its opening date")
    func disputeEnds() throws {
        var fx = CollectionFixture()
        let opening = fx.qualify(["A", "B"], "quality_dispute", on: "2026-11-01", resolver: "tech.support", madeOn: "2026-11-01")
        let change = fx.qualify(["A"], "price_dispute", on: "2026-11-05", resolver: "sales.north", madeOn: "2026-11-05")
        var disputes = Dispute.derive(from: fx.file)
        #expect(disputes.count == 1 && disputes[0].id == opening.id && disputes[0].openedOn == d("2026-11-01"))
        #expect(disputes[0].statusCode == "quality_dispute" && disputes[0].currentStatusCode == "price_dispute")
        #expect(disputes[0].resolver == "sales.north" && disputes[0].openItemIDs == [fx["A"].id, fx["B"].id])
        fx.qualify(["A"], "promise_to_pay", on: "2026-11-10", madeOn: "2026-11-10", promised: "2026-11-30")
        disputes = Dispute.derive(from: fx.file)
        #expect(disputes[0].isOpen && disputes[0].openItemIDs == [fx["B"].id])
        fx.qualify(["B"], "contacted", on: "2026-11-12", madeOn: "2026-11-12")
        disputes = Dispute.derive(from: fx.file)
        #expect(!disputes[0].isOpen && disputes[0].closedOn == d("2026-11-12") && disputes[0].duration(today: today) == 11)

        // Completing the follow-up of the qualification that changed the status closes the dispute too.
        var other = CollectionFixture()
        other.qualify(["A"], "quality_dispute", on: "2026-11-01", resolver: "tech.support", madeOn: "2026-11-01")
        let moved = other.qualify(["A"], "price_dispute", on: "2026-11-05", resolver: "sales.north", madeOn: "2026-11-05")
        let followUp = other.action(.specific, on: "2026-11-12", items: ["A"], qualification: moved.id, id: moved.followUpID)
        other.event(followUp, .done, on: "2026-11-12", outcome: .reached)
        #expect(Dispute.derive(from: other.file).allSatisfy { !$0.isOpen })
        _ = change
    }

    @Test("opening a dispute on an item already in one is refused with the way to change it")
    func openingTwice() throws {
        var fx = CollectionFixture()
        fx.qualify(["A"], "quality_dispute", on: "2026-11-01", resolver: "tech.support", madeOn: "2026-11-01")
        let again = Qualification(id: UUIDv7.make(), customerID: fx.customer.id, itemIDs: [fx["A"].id], statusCode: "price_dispute",
                                  comment: "price", statusDate: today, resolver: "sales.north", author: "alice", replicaID: fx.replica,
                                  hlc: fx.nextHLC())
        #expect {
            try again.checkNotInOpenDispute(in: fx.file)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .alreadyInDispute && error.message.contains("quality_dispute since 2026-11-01")
        }
    }

    @Test("alerts: an overdue customer with no contact for collection; the qualify-me thresholds are settings")
    func alertsAndQualifyMe() throws {
        let fx = CollectionFixture()
        let settings = CollectionSettings()
        #expect(CollectionAlert.compute(for: fx.file, hasCollectionContact: false, settings: settings, today: today)
            .contains { $0.kind == .noCollectionContact && $0.customerCode == "C0001" })
        #expect(!CollectionAlert.compute(for: fx.file, hasCollectionContact: true, settings: settings, today: today)
            .contains { $0.kind == .noCollectionContact })
        var paid = CollectionFixture()
        paid.clear("A", on: "2026-11-01")
        paid.clear("B", on: "2026-11-01")
        #expect(CollectionAlert.compute(for: paid.file, hasCollectionContact: false, settings: settings, today: today).isEmpty)

        // A is 82 days overdue; its first step (09-06) is 77 days late.
        #expect(try #require(ScenarioPlanner(scenario: .standard, settings: settings).next(for: fx.file, today: today)).qualifyMe == false)
        let strict = CollectionSettings(qualifyMeOverdueDays: 60, qualifyMeLateDays: 70)
        #expect(try #require(ScenarioPlanner(scenario: .standard, settings: strict).next(for: fx.file, today: today)).qualifyMe)
        let later = CollectionSettings(qualifyMeOverdueDays: 60, qualifyMeLateDays: 80)
        #expect(try #require(ScenarioPlanner(scenario: .standard, settings: later).next(for: fx.file, today: today)).qualifyMe == false)
    }

    @Test("a promise keeps the day it was made and the promised date; history is in the order facts were recorded")
    func promiseDates() throws {
        var fx = CollectionFixture()
        let promise = fx.qualify(["A"], "promise_to_pay", on: "2026-11-20", madeOn: "2026-11-20", promised: "2026-11-27")
        let call = fx.qualify(["A"], "contacted", on: "2026-11-21", madeOn: "2026-11-21")
        let derived = try #require(PromiseToPay.derive(from: fx.file).first)
        #expect(derived.madeOn == d("2026-11-20") && derived.promisedDate == d("2026-11-27"))
        #expect(promise.statusDate == d("2026-11-20"))
        #expect(fx.file.history(of: fx["A"].id).map(\.id) == [promise.id, call.id])
        // A promise recorded before `promisedDate` existed: its status date is the promised date.
        var legacy = CollectionFixture()
        legacy.qualify(["B"], "promise_to_pay", on: "2026-11-27", madeOn: "2026-11-20")
        #expect(PromiseToPay.derive(from: legacy.file).first?.promisedDate == d("2026-11-27"))
    }

    @Test("a promised amount above the items' open amount is refused, with the open amount")
    func promiseAboveOpen() throws {
        let fx = CollectionFixture()
        let status = try #require(StatusCatalogue.defaults.first { $0.code == "promise_to_pay" })
        func promise(_ minor: Int64, _ currency: String = "EUR") -> Qualification {
            Qualification(id: UUIDv7.make(), customerID: fx.customer.id, itemIDs: [fx["A"].id, fx["B"].id], statusCode: status.code,
                          comment: "", statusDate: today, author: "alice", replicaID: fx.replica, hlc: HLC(millis: 1),
                          promisedAmount: Money(minor: minor, currency: CurrencyCode(currency)!), promisedDate: d("2026-11-30"))
        }
        #expect {
            try promise(150_001).validate(items: fx.items.reduce(into: [:]) { $0[$1.value.id] = $1.value }, status: status, allowCleared: false)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .promiseAboveOpen && error.message.contains("1,500.01 EUR") && error.message.contains("1,500.00 EUR open")
        }
        let items = fx.items.reduce(into: [UUID: OpenItem]()) { $0[$1.value.id] = $1.value }
        try promise(150_000).validate(items: items, status: status, allowCleared: false)
        try promise(150_001).validate(items: items, status: status, allowCleared: true)     // the server keeps what was promised
        #expect(throws: DomainError.self) { try promise(100, "GBP").validate(items: items, status: status, allowCleared: false) }
    }

    @Test("a dispute's resolver must be a known user (when the node knows its users)")
    func resolverIsAUser() throws {
        let fx = CollectionFixture()
        let q = Qualification(id: UUIDv7.make(), customerID: fx.customer.id, itemIDs: [fx["A"].id], statusCode: "price_dispute",
                              comment: "price", statusDate: today, resolver: "sales", author: "alice", replicaID: fx.replica, hlc: HLC(millis: 1))
        #expect {
            try q.checkResolver(knownLogins: ["sales.north", "claire", "billing"])
        } throws: { error in
            (error as? DomainError)?.code == .unknownResolver && (error as? DomainError)?.message.contains("sales.north") == true
        }
        try q.checkResolver(knownLogins: ["sales", "claire"])
        try q.checkResolver(knownLogins: [])
    }
}
