import DSOModel
import Foundation
import Testing

/// The derived state of a customer is stored and read on later days: it must hold on every day
/// before its `validUntil`, for any mix of facts.
@Suite("Customer digest")
struct CustomerDigestTests {
    struct SplitMix {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// A customer with random promises, disputes, litigation, actions, payments and clearings
    /// between 2026-08-01 and 2026-12-31.
    static func randomFile(seed: UInt64) -> (CustomerFile, CollectionSettings) {
        var rng = SplitMix(state: seed)
        var fx = CollectionFixture()
        let names = ["A", "B", "C", "N"]
        func day() -> String { d("2026-08-01").adding(days: rng.next(150)).description }
        func someItems() -> [String] { Array(Set((0...rng.next(2)).map { _ in ["A", "B", "C"][rng.next(3)] })).sorted() }
        for _ in 0..<rng.next(7) {
            switch rng.next(8) {
            case 0: fx.qualify(someItems(), "promise_to_pay", on: day(), madeOn: day(), promised: day(),
                               amount: rng.next(2) == 0 ? nil : Int64(rng.next(4) + 1) * 20_000)
            case 1: fx.qualify(someItems(), "price_dispute", on: day(), resolver: "bruno", madeOn: day())
            case 2: fx.qualify(someItems(), "litigation", on: day(), madeOn: day())
            case 3: fx.qualify(someItems(), "dispute_resolved", on: day(), madeOn: day())
            case 4: fx.action(.specific, on: day(), items: someItems())
            case 5: fx.action(.oneOff, on: day(), items: someItems(), done: .reached)
            case 6: fx.pay(names[rng.next(3)], Int64(rng.next(5) + 1) * 10_000, on: day())
            default: fx.clear(names[rng.next(3)], on: day())
            }
        }
        let settings = CollectionSettings(graceDays: rng.next(4), minimumOverdueMinor: rng.next(2) == 0 ? 0 : 120_000,
                                          alertNoActionDays: 5 + rng.next(20), alertDisputeDays: 10 + rng.next(40),
                                          qualifyMeOverdueDays: 20 + rng.next(100), qualifyMeLateDays: 5 + rng.next(30))
        return (fx.file, settings)
    }

    @Test("a digest holds on every day before its validUntil (200 random customers over 8 months)")
    func validity() {
        var recomputations = 0
        for seed in 0..<200 {
            let (file, settings) = Self.randomFile(seed: UInt64(seed))
            var day = d("2026-07-15")
            let end = d("2027-03-15")
            for contact in [true, false] {
                day = d("2026-07-15")
                while day < end {
                    let digest = CustomerDigest.compute(file: file, scenario: .standard, settings: settings, hasCollectionContact: contact, today: day)
                    let until = min(digest.validUntil ?? end, end)
                    #expect(until > day)
                    var probe = day.adding(days: 1)
                    while probe < until {
                        let later = CustomerDigest.compute(file: file, scenario: .standard, settings: settings, hasCollectionContact: contact, today: probe)
                        if later.dayIndependent != digest.dayIndependent {
                            Issue.record("seed \(seed): digest of \(day) (valid until \(until)) differs on \(probe)")
                            return
                        }
                        probe = probe.adding(days: 1)
                    }
                    day = until
                    recomputations += 1
                }
            }
        }
        // Not a digest per day: the validity windows are what make stored state worth keeping.
        #expect(recomputations < 200 * 2 * 240 / 4)
    }

    @Test("read on a later day, an alert counts its days and an entry moves to late")
    func readLater() {
        var fx = CollectionFixture()
        fx.qualify(["A"], "price_dispute", on: "2026-10-01", resolver: "bruno", madeOn: "2026-10-01")
        let digest = CustomerDigest.compute(file: fx.file, scenario: .standard, settings: .init(alertDisputeDays: 30),
                                            hasCollectionContact: true, today: d("2026-11-22"))
        let alert = digest.alerts.first { $0.kind == .longDispute }!
        #expect(alert.alert(on: d("2026-11-22")).days == 52)
        #expect(alert.alert(on: d("2026-11-25")).detail.contains("open for 55 days"))
        let entry = digest.agenda.first { $0.date > d("2026-11-22") }
        if let entry { #expect(entry.on(entry.date.adding(days: 1)).bucket == .late) }
    }
}
