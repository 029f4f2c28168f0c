import DSOModel
import Foundation
import Testing

@Suite("Scenario planner and agenda (hand-worked cases)")
struct ScenarioPlannerTests {
    let planner = ScenarioPlanner(scenario: .standard)
    let today = CollectionFixture.today

    @Test("the leader is the oldest open invoice; step 1 fires 5 days after its due date")
    func leaderChoice() throws {
        let fx = CollectionFixture()
        let p = try #require(planner.next(for: fx.file, today: today))
        #expect(fx.file.leaderInvoice(graceDays: 2, today: today)?.number == "INV-A")
        #expect(p.leaderItemID == fx["A"].id)
        #expect(p.stepIndex == 0 && p.stepName == "Friendly reminder" && p.channel == .email)
        #expect(p.date == d("2026-09-06"))                 // 2026-09-01 + 5
        #expect(p.itemIDs == [fx["A"].id])                  // only A is due by 09-06
        #expect(!p.qualifyMe)                               // A is 82 days overdue, under 180
        #expect(p.id == ScenarioProposal.id(customer: fx.customer.id, leader: fx["A"].id, step: 0))
    }

    @Test("after a step is done the next one fires from the leader's due date")
    func nextStep() throws {
        var fx = CollectionFixture()
        fx.action(.scenario, on: "2026-09-07", items: ["A"], done: .sent, step: 0, leader: "A")
        let p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.stepIndex == 1 && p.date == d("2026-09-16"))   // 09-01 + 15
        #expect(p.channel == .call)
        // The scenario proposes the step 1 call on every overdue invoice due by then: A only.
        #expect(p.itemIDs == [fx["A"].id])
    }

    @Test("a step triggered by the last action done counts from that action's date")
    func triggerByLastAction() throws {
        var fx = CollectionFixture()
        let scenario = Scenario(code: "short", name: "Short", steps: [
            .init(name: "Email", channel: .email, offsetDays: 5),
            .init(name: "Call", channel: .call, offsetDays: 10, trigger: .lastActionDone),
        ])
        fx.action(.scenario, on: "2026-09-20", items: ["A"], done: .sent, step: 0, leader: "A")
        let p = try #require(ScenarioPlanner(scenario: scenario).next(for: fx.file, today: today))
        #expect(p.stepIndex == 1 && p.date == d("2026-09-30"))   // done 09-20 + 10 (not 09-01 + 10)
        fx.action(.scenario, on: "2026-10-02", items: ["A"], done: .reached, step: 1, leader: "A")
        #expect(ScenarioPlanner(scenario: scenario).next(for: fx.file, today: today) == nil)  // scenario exhausted for A
    }

    @Test("when the leader clears, the next invoice leads and the scenario restarts at step 1")
    func restartAfterLeaderClears() throws {
        var fx = CollectionFixture()
        fx.action(.scenario, on: "2026-09-07", items: ["A"], done: .sent, step: 0, leader: "A")
        fx.action(.scenario, on: "2026-09-17", items: ["A"], done: .reached, step: 1, leader: "A")
        fx.clear("A", on: "2026-10-20")
        let p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.leaderItemID == fx["B"].id)
        #expect(p.stepIndex == 0 && p.date == d("2026-10-06"))   // B due 10-01 + 5
        #expect(p.id != ScenarioProposal.id(customer: fx.customer.id, leader: fx["A"].id, step: 0))
    }

    @Test("below the minimum overdue amount no scenario action is proposed")
    func minimumAmount() {
        let fx = CollectionFixture()
        // Overdue on 2026-11-22: A 1,000.00 + B 500.00 = 1,500.00 (C not due, N is a credit note).
        #expect(ScenarioPlanner(scenario: .standard, settings: .init(minimumOverdueMinor: 150_001)).next(for: fx.file, today: today) == nil)
        #expect(ScenarioPlanner(scenario: .standard, settings: .init(minimumOverdueMinor: 150_000)).next(for: fx.file, today: today) != nil)
        var own = Scenario.standard
        own.minimumOverdueMinor = 200_000
        #expect(ScenarioPlanner(scenario: own, settings: .init(minimumOverdueMinor: 0)).next(for: fx.file, today: today) == nil)
    }

    @Test("a disputed leader leaves the scenario until the dispute is resolved")
    func exclusionByDispute() throws {
        var fx = CollectionFixture()
        fx.qualify(["A"], "quality_dispute", on: "2026-10-05", resolver: "sales.north")
        var p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.leaderItemID == fx["B"].id && p.date == d("2026-10-06"))
        #expect(!p.itemIDs.contains(fx["A"].id))
        fx.qualify(["A"], "dispute_resolved", on: "2026-11-02")
        p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.leaderItemID == fx["A"].id && p.date == d("2026-09-06"))
    }

    @Test("litigation excludes an item too")
    func exclusionByLitigation() throws {
        var fx = CollectionFixture()
        fx.qualify(["A"], "litigation", on: "2026-10-05")
        #expect(try #require(planner.next(for: fx.file, today: today)).leaderItemID == fx["B"].id)
    }

    @Test("an open specific action excludes its items; once done they return")
    func exclusionBySpecificAction() throws {
        var fx = CollectionFixture()
        fx.action(.scenario, on: "2026-09-07", items: ["A"], done: .sent, step: 0, leader: "A")
        let specific = fx.action(.specific, on: "2026-11-25", items: ["A", "B"])
        // A and B are out: no collectable overdue invoice left except C (not due until 12-15).
        var p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.leaderItemID == fx["C"].id && p.date == d("2026-12-20"))
        fx.event(specific, .done, on: "2026-11-21", outcome: .reached)
        p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.leaderItemID == fx["A"].id && p.stepIndex == 1 && p.date == d("2026-09-16"))
    }

    @Test("a very old leader whose step date is far in the past asks to be qualified")
    func qualifyMe() throws {
        var fx = CollectionFixture()
        fx.items["A"]!.dueDate = d("2026-03-01")   // 266 days overdue on 2026-11-22
        let p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.date == d("2026-03-06") && p.qualifyMe)
        let agenda = Agenda.build(files: [fx.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: today)
        #expect(agenda.first?.qualifyMe == true && agenda.first?.bucket == .late)
    }

    @Test("a rescheduled proposal keeps its derived id and moves its date")
    func rescheduledProposal() throws {
        var fx = CollectionFixture()
        let id = ScenarioProposal.id(customer: fx.customer.id, leader: fx["A"].id, step: 0)
        fx.action(.scenario, on: "2026-09-06", items: ["A"], step: 0, leader: "A")
        fx.event(id, .rescheduled, on: "2026-11-24")
        let p = try #require(planner.next(for: fx.file, today: today))
        #expect(p.id == id && p.date == d("2026-11-24"))
        let agenda = Agenda.build(files: [fx.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: today)
        #expect(agenda.map(\.id) == [id])
        #expect(agenda[0].bucket == .upcoming && !agenda[0].isProposal)
    }

    @Test("the agenda lists late, today's and upcoming actions, and leaves out later ones and obsolete ones")
    func agendaBuckets() {
        var fx = CollectionFixture()
        fx.action(.scenario, on: "2026-09-07", items: ["A"], done: .sent, step: 0, leader: "A")
        fx.action(.scenario, on: "2026-09-17", items: ["A"], done: .sent, step: 1, leader: "A")
        fx.action(.scenario, on: "2026-10-01", items: ["A"], done: .sent, step: 2, leader: "A")
        fx.action(.scenario, on: "2026-10-16", items: ["A"], done: .sent, step: 3, leader: "A")
        fx.action(.scenario, on: "2026-11-01", items: ["A"], done: .sent, step: 4, leader: "A")   // A's scenario is over
        let today = fx.action(.followUp, on: "2026-11-22", items: ["B"])
        let soon = fx.action(.oneOff, on: "2026-11-27", items: ["C"])
        fx.action(.oneOff, on: "2026-12-05", items: ["C"])                // beyond 7 days
        fx.action(.followUp, on: "2026-11-30", items: ["N"])
        fx.clear("N", on: "2026-11-20")                                     // obsolete: its only item cleared
        let entries = Agenda.build(files: [fx.file], scenarios: [:], scenarioOf: { _ in nil }, settings: .init(), today: CollectionFixture.today)
        #expect(entries.map(\.id) == [today, soon])
        #expect(entries.map(\.bucket) == [.today, .upcoming])
    }

    @Test("derived ids are stable across runs and distinct per step")
    func deterministicIDs() {
        let c = UUID(uuidString: "0193A1B2-0000-7000-8000-000000000001")!
        let l = UUID(uuidString: "0193A1B2-0000-7000-8000-0000000000AA")!
        #expect(ScenarioProposal.id(customer: c, leader: l, step: 0) == ScenarioProposal.id(customer: c, leader: l, step: 0))
        #expect(ScenarioProposal.id(customer: c, leader: l, step: 0) != ScenarioProposal.id(customer: c, leader: l, step: 1))
        // Pinned value: the derivation must never change, or nodes on different versions would disagree.
        // (FNV-1a 64 twice, each SplitMix64-finalised, over "scenario␟<customer>␟<leader>␟<step>", checked with an independent Python implementation.)
        #expect(ScenarioProposal.id(customer: c, leader: l, step: 0).uuidString == "3BBCF3C1-7F1D-8736-9886-7BCB273034BA")
        #expect(ScenarioProposal.id(customer: c, leader: l, step: 0).uuid.6 >> 4 == 8)
    }
}
