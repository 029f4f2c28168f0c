import Foundation

/// Time-ordered UUIDs (RFC 9562, version 7), generated where a row is born.
///
/// The first 48 bits hold the Unix time in milliseconds, so ids sort by creation time;
/// within one millisecond a process-wide counter keeps them strictly increasing.
public enum UUIDv7 {
    private static let state = UUIDv7State()

    /// A new UUIDv7 stamped with `date` (default: now).
    public static func make(at date: Date = Date()) -> UUID {
        state.next(millis: UInt64(max(0, date.timeIntervalSince1970 * 1000)))
    }

    /// The creation time encoded in a UUIDv7, or `nil` when `uuid` is not version 7.
    public static func timestamp(of uuid: UUID) -> Date? {
        let b = uuid.uuid
        guard b.6 >> 4 == 7 else { return nil }
        let ms = [b.0, b.1, b.2, b.3, b.4, b.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }
}

private final class UUIDv7State: @unchecked Sendable {
    private let lock = NSLock()
    private var lastMillis: UInt64 = 0
    private var counter: UInt16 = 0

    func next(millis now: UInt64) -> UUID {
        lock.lock()
        var ms = now
        if ms <= lastMillis {
            ms = lastMillis
            counter &+= 1
            if counter > 0x0FFF { ms += 1; counter = UInt16.random(in: 0...0x01FF) }
        } else {
            counter = UInt16.random(in: 0...0x01FF)
        }
        lastMillis = ms
        let seq = counter
        lock.unlock()

        var rnd = SystemRandomNumberGenerator()
        let tail = rnd.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - UInt64(i)))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: seq >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: seq)
        for i in 8..<16 { bytes[i] = UInt8(truncatingIfNeeded: tail >> (8 * (15 - UInt64(i)))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
