import DSOModel
import Foundation
import Testing

@Suite("Current status of an item")
struct CurrentStatusTests {
    let customer = UUID(uuidString: "0193A1B2-0000-7000-8000-000000000001")!
    let item = UUID(uuidString: "0193A1B2-0000-7000-8000-0000000000AA")!
    let replicaA = UUID(uuidString: "0193A1B2-0000-7000-8000-00000000000A")!
    let replicaB = UUID(uuidString: "0193A1B2-0000-7000-8000-00000000000B")!

    func q(_ n: Int, _ status: String, millis: Int64, counter: Int32 = 0, replica: UUID) -> Qualification {
        Qualification(id: UUID(uuidString: String(format: "0193A1B2-0000-7000-8000-%012d", n))!, customerID: customer,
                      itemIDs: [item], statusCode: status, comment: "", statusDate: BusinessDate("2026-11-22")!,
                      author: "alice", replicaID: replica, hlc: HLC(millis: millis, counter: counter))
    }

    @Test("the latest HLC wins; equal HLCs fall to the greater replica id; order of arrival never matters")
    func handWorked() {
        let early = q(1, "reminder_sent", millis: 1_000, replica: replicaB)
        let tieA = q(2, "promise_to_pay", millis: 2_000, counter: 3, replica: replicaA)
        let tieB = q(3, "price_dispute", millis: 2_000, counter: 3, replica: replicaB)
        let lowerCounter = q(4, "litigation", millis: 2_000, counter: 2, replica: replicaB)
        let history = [early, tieA, tieB, lowerCounter]
        // Every arrival order gives the same answer: tieB (same HLC as tieA, replica B > A).
        for permutation in permutations(history) {
            #expect(Qualification.current(of: permutation) == tieB)
            var current: Qualification?
            for fact in permutation where fact.supersedes(current) { current = fact }
            #expect(current == tieB)
        }
        #expect(Qualification.current(of: []) == nil)
        #expect(early.precedes(lowerCounter) && lowerCounter.precedes(tieA) && tieA.precedes(tieB))
    }

    func permutations(_ xs: [Qualification]) -> [[Qualification]] {
        guard xs.count > 1 else { return [xs] }
        return xs.indices.flatMap { i -> [[Qualification]] in
            var rest = xs
            let x = rest.remove(at: i)
            return permutations(rest).map { [x] + $0 }
        }
    }
}
