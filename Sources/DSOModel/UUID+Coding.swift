import Foundation

// The wire form of an id is its upper-case `8-4-4-4-12` text, which Foundation's `UUID`
// conformance writes with `snprintf` and reads with `sscanf` on Linux: a measurable share of
// every payload encoded or decoded. Within this package, the synthesized `Codable` conformances
// pick these more specific overloads instead (same text, same errors for a malformed id); types
// outside the package keep Foundation's.

package extension KeyedEncodingContainer {
    mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.text, forKey: key)
    }

    mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        if let value { try encode(value.text, forKey: key) }
    }

    mutating func encode(_ value: [UUID], forKey key: Key) throws {
        try encode(value.map(\.text), forKey: key)
    }

    mutating func encodeIfPresent(_ value: [UUID]?, forKey key: Key) throws {
        if let value { try encode(value.map(\.text), forKey: key) }
    }
}

package extension KeyedDecodingContainer {
    func decode(_ type: UUID.Type, forKey key: Key) throws -> UUID {
        try Self.uuid(decode(String.self, forKey: key), key, self)
    }

    func decodeIfPresent(_ type: UUID.Type, forKey key: Key) throws -> UUID? {
        try decodeIfPresent(String.self, forKey: key).map { try Self.uuid($0, key, self) }
    }

    func decode(_ type: [UUID].Type, forKey key: Key) throws -> [UUID] {
        try decode([String].self, forKey: key).map { try Self.uuid($0, key, self) }
    }

    func decodeIfPresent(_ type: [UUID].Type, forKey key: Key) throws -> [UUID]? {
        try decodeIfPresent([String].self, forKey: key)?.map { try Self.uuid($0, key, self) }
    }

    private static func uuid(_ text: String, _ key: Key, _ container: Self) throws -> UUID {
        guard let id = UUID(text: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: "Attempted to decode UUID from invalid UUID string.")
        }
        return id
    }
}
