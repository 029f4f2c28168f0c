import DSOModel
import Foundation

/// Body of `POST /v1/changesets`: a replica's outbox, in order.
public struct PushRequest: Codable, Hashable, Sendable {
    /// The pushing replica's id.
    public var replicaID: UUID
    public var changes: [Change]

    public init(replicaID: UUID, changes: [Change]) {
        self.replicaID = replicaID
        self.changes = changes
    }
}

/// Answer to a push: one result per change, in the order sent.
public struct PushResponse: Codable, Hashable, Sendable {
    public var serverTime: Date
    public var results: [ChangeResult]

    public init(serverTime: Date, results: [ChangeResult]) {
        self.serverTime = serverTime
        self.results = results
    }
}

/// What became of one pushed change.
public struct ChangeResult: Codable, Hashable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// Applied now; `seq` is its server sequence number.
        case accepted
        /// Applied by an earlier push; `seq` is the sequence it got then.
        case duplicate
        /// Not applied; `code` says why. Pushing it again gives the same answer.
        case rejected
    }

    public var id: UUID
    public var outcome: Outcome
    public var seq: Int64?
    public var code: RejectionCode?
    public var detail: String?

    public init(id: UUID, outcome: Outcome, seq: Int64? = nil, code: RejectionCode? = nil, detail: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.seq = seq
        self.code = code
        self.detail = detail
    }
}

/// Stable reason codes of a rejected change. Unknown codes from a newer server decode too.
public struct RejectionCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ domain: DomainError.Code) { rawValue = domain.rawValue }

    /// The customer is not in the writer's portfolio.
    public static let outOfScope = RejectionCode(rawValue: "out_of_scope")
    /// The kind is central-owned: replicas cannot write it.
    public static let centralOwned = RejectionCode(rawValue: "central_owned")
    /// The HLC lies too far ahead of the server's clock.
    public static let clockSkew = RejectionCode(rawValue: "clock_skew")
    /// The fact names another author than the token's user.
    public static let authorMismatch = RejectionCode(rawValue: "author_mismatch")
    /// The change id and the fact id differ.
    public static let idMismatch = RejectionCode(rawValue: "id_mismatch")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
