import Foundation

/// An RFC 9457 problem document (`application/problem+json`), the body of every error answer.
public struct Problem: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// A field that failed validation: a JSON pointer into the request and what is wrong.
    public struct FieldError: Codable, Hashable, Sendable {
        public var pointer: String
        public var reason: String

        public init(pointer: String, reason: String) {
            self.pointer = pointer
            self.reason = reason
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// Stable machine-readable code; see ``ProblemCode``.
    public var code: ProblemCode
    /// With `unsupported_protocol_version`: the versions the server serves.
    public var supportedVersions: [Int]?
    public var errors: [FieldError]?

    public static let mediaType = "application/problem+json"

    public init(code: ProblemCode, status: Int, title: String, detail: String? = nil,
                supportedVersions: [Int]? = nil, errors: [FieldError]? = nil) {
        self.type = "https://dso-sync.dev/problems/\(code.rawValue.replacingOccurrences(of: "_", with: "-"))"
        self.title = code.standardTitle ?? title
        self.status = status
        self.detail = detail
        self.code = code
        self.supportedVersions = supportedVersions
        self.errors = errors
    }

    public var description: String { "\(title)\(detail.map { ": \($0)" } ?? "") [\(code)]" }
}

/// Stable codes of problem documents.
public struct ProblemCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let malformedJSON = ProblemCode(rawValue: "malformed_json")
    /// The HTTP message itself is broken (framing: chunk sizes, transfer codings).
    public static let malformedRequest = ProblemCode(rawValue: "malformed_request")
    /// The request body did not arrive in time.
    public static let requestTimeout = ProblemCode(rawValue: "request_timeout")
    public static let invalidRequest = ProblemCode(rawValue: "invalid_request")
    public static let unknownChangeKind = ProblemCode(rawValue: "unknown_change_kind")
    public static let bodyTooLarge = ProblemCode(rawValue: "body_too_large")
    public static let changesetTooLarge = ProblemCode(rawValue: "changeset_too_large")
    public static let unsupportedProtocolVersion = ProblemCode(rawValue: "unsupported_protocol_version")
    public static let unauthenticated = ProblemCode(rawValue: "unauthenticated")
    public static let forbidden = ProblemCode(rawValue: "forbidden")
    public static let invalidCursor = ProblemCode(rawValue: "invalid_cursor")
    public static let notFound = ProblemCode(rawValue: "not_found")
    public static let methodNotAllowed = ProblemCode(rawValue: "method_not_allowed")
    public static let unsupportedMediaType = ProblemCode(rawValue: "unsupported_media_type")
    public static let internalError = ProblemCode(rawValue: "internal_error")
    /// The server is doing as much of this work as it allows at once (version 2 snapshot files):
    /// retry after the `Retry-After` delay.
    public static let serverBusy = ProblemCode(rawValue: "server_busy")
    /// The server cannot reach its store (a PostgreSQL outage, a store being upgraded): nothing
    /// was changed; retry after the `Retry-After` delay, here or on another server of the store.
    public static let storeUnavailable = ProblemCode(rawValue: "store_unavailable")

    public var description: String { rawValue }

    /// The fixed title PROTOCOL.md gives this code, if it is one of v1's.
    public var standardTitle: String? {
        switch self {
        case .malformedJSON: "Malformed JSON"
        case .malformedRequest: "Malformed request"
        case .requestTimeout: "Request timeout"
        case .invalidCursor: "Invalid cursor"
        case .unauthenticated: "Unauthenticated"
        case .forbidden: "Forbidden"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .bodyTooLarge: "Request body too large"
        case .changesetTooLarge: "Change-set too large"
        case .unsupportedMediaType: "Unsupported media type"
        case .invalidRequest: "Invalid request"
        case .unknownChangeKind: "Unknown change kind"
        case .unsupportedProtocolVersion: "Unsupported protocol version"
        case .internalError: "Internal server error"
        case .storeUnavailable: "Store unavailable"
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
