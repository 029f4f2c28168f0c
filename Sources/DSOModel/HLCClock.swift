import Foundation

/// Issues monotonic ``HLC`` timestamps for one node and absorbs the timestamps it receives.
///
/// Thread-safe. Persist ``last`` and pass it back on the next start so that timestamps keep
/// increasing across restarts even if the wall clock went backwards.
public final class HLCClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: HLC
    private let wallClock: @Sendable () -> Date

    public init(last: HLC = HLC(millis: 0), wallClock: @escaping @Sendable () -> Date = Date.init) {
        self.current = last
        self.wallClock = wallClock
    }

    /// The latest timestamp issued or received.
    public var last: HLC {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// A new timestamp, strictly greater than every one issued or received before.
    public func now() -> HLC {
        let wall = Int64(wallClock().timeIntervalSince1970 * 1000)
        lock.lock(); defer { lock.unlock() }
        if wall > current.millis {
            current = HLC(millis: wall, counter: 0)
        } else if current.counter < HLC.maxCounter {
            current = HLC(millis: current.millis, counter: current.counter + 1)
        } else {
            // The wire form has six counter digits: move to the next millisecond instead.
            current = HLC(millis: current.millis + 1, counter: 0)
        }
        return current
    }

    /// Absorbs a timestamp seen on a fact written elsewhere.
    public func receive(_ remote: HLC) {
        lock.lock(); defer { lock.unlock() }
        if remote > current { current = remote }
    }
}
