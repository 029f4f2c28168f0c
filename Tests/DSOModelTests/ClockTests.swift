import DSOModel
import Foundation
import Testing

@Suite("HLC and UUIDv7")
struct ClockTests {
    @Test("the wire form sorts like the clock")
    func wireForm() throws {
        let a = HLC(millis: 1_763_800_000_000, counter: 2)
        #expect(a.description == "001763800000000-000002")
        #expect(HLC(a.description) == a)
        let b = HLC(millis: 1_763_800_000_001, counter: 0)
        #expect(a < b && a.description < b.description)
        #expect(HLC("1763800000000-2") == nil)
        #expect(HLC("001763800000000-00000x") == nil)
    }

    @Test("a clock never goes backwards, even when the wall clock does")
    func monotonic() {
        final class Wall: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000) }
        let wall = Wall()
        let clock = HLCClock(wallClock: { wall.now })
        let t1 = clock.now()
        wall.now = Date(timeIntervalSince1970: 900)
        let t2 = clock.now()
        #expect(t2 > t1)
        #expect(t2.millis == t1.millis && t2.counter == t1.counter + 1)
        clock.receive(HLC(millis: 5_000_000, counter: 7))
        let t3 = clock.now()
        #expect(t3 == HLC(millis: 5_000_000, counter: 8))
        wall.now = Date(timeIntervalSince1970: 6_000)
        #expect(clock.now() == HLC(millis: 6_000_000, counter: 0))
    }

    @Test("the counter never outgrows its six digits")
    func counterCap() {
        let clock = HLCClock(last: HLC(millis: 10, counter: HLC.maxCounter), wallClock: { Date(timeIntervalSince1970: 0) })
        let next = clock.now()
        #expect(next == HLC(millis: 11, counter: 0))
        #expect(HLC(next.description) == next)
    }

    @Test("UUIDv7 ids carry their version, variant and time, and increase")
    func uuidv7() throws {
        let date = Date()
        let ids = (0..<1000).map { _ in UUIDv7.make(at: date) }
        for id in ids {
            #expect(id.uuid.6 >> 4 == 7)
            #expect(id.uuid.8 >> 6 == 0b10)
        }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(Set(ids).count == ids.count)
        let stamp = try #require(UUIDv7.timestamp(of: ids[0]))
        // Within a millisecond or so (ids made in one millisecond may spill into the next ones).
        #expect(abs(stamp.timeIntervalSince(date)) < 1)
    }
}
