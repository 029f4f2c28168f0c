import Foundation

/// Name-based ids (RFC 9562 version 8): the same name gives the same UUID on every node, so a
/// replica and the server that derive the same proposed action never create two of them.
public enum DeterministicID {
    /// A UUIDv8 from the given parts (joined with a separator no part contains in practice).
    public static func make(_ parts: String...) -> UUID { make(parts) }

    public static func make(_ parts: [String]) -> UUID {
        let name = Array(parts.joined(separator: "\u{1F}").utf8)
        // Two independent 64-bit FNV-1a hashes, each passed through the SplitMix64 finaliser so
        // that names differing in one character differ everywhere: stable across processes and
        // platforms, unlike Swift's Hasher.
        let high = mix(fnv1a(name, basis: 0xCBF2_9CE4_8422_2325))
        let low = mix(fnv1a(name, basis: 0x8422_2325_CBF2_9CE4 ^ 0x9E37_79B9_7F4A_7C15))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        bytes[6] = 0x80 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func fnv1a(_ bytes: [UInt8], basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
