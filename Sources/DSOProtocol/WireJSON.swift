import Foundation

/// The JSON coding every party of the protocol uses: UTC timestamps in RFC 3339 with
/// milliseconds (`2026-11-22T10:30:00.000Z`), sorted keys, no escaped slashes.
public enum WireJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatTimestamp(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 UTC timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    public static func formatTimestamp(_ date: Date) -> String {
        // Whole milliseconds, computed in integers so that parse → format is exact.
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = ms - seconds * 1000
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds))
            .formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return d }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

private let sharedEncoder = WireJSON.encoder()
private let sharedDecoder = WireJSON.decoder()

extension Encodable {
    /// This value's compact wire JSON, as stored by the server and replicas.
    public func wireJSON() throws -> String {
        String(decoding: try sharedEncoder.encode(self), as: UTF8.self)
    }
}

extension Decodable {
    /// Decodes a value from its wire JSON.
    public static func fromWire(_ text: String) throws -> Self {
        try sharedDecoder.decode(Self.self, from: Data(text.utf8))
    }
}
