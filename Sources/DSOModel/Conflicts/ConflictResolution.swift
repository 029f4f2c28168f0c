import Foundation

/// What a person decided about a ``Conflict``: an immutable fact, replicated like the conflict,
/// with its author. A conflict is resolved once; a second resolution is refused by the server.
public struct ConflictResolution: Codable, Hashable, Sendable, Identifiable, JournalFact {
    public enum Decision: String, Codable, Sendable, CaseIterable {
        /// Contact fields and qualifications: the addressee's side is written again as a new
        /// fact (``editID``), which wins like any later write.
        case keepMine = "keep_mine"
        /// Contact fields and qualifications: the winning side stays (when the addressee's side
        /// had won by its HLC, the other value is written again as a new fact).
        case keepTheirs = "keep_theirs"
        /// Refused work: the credit team applies the fact after all, attributed to its author.
        case accept
        /// Seen, nothing to change (a comment says why).
        case dismiss
    }

    /// UUIDv7 of this resolution.
    public var id: UUID
    public var conflictID: UUID
    public var customerID: UUID
    public var decision: Decision
    public var comment: String?
    /// With keep_mine / keep_theirs: the new fact written for it (a contact edit or a
    /// qualification), synced like any other.
    public var factID: UUID?
    public var author: String
    public var replicaID: UUID
    public var hlc: HLC

    public init(id: UUID, conflictID: UUID, customerID: UUID, decision: Decision, comment: String? = nil, factID: UUID? = nil,
                author: String, replicaID: UUID, hlc: HLC) {
        self.id = id
        self.conflictID = conflictID
        self.customerID = customerID
        self.decision = decision
        self.comment = comment
        self.factID = factID
        self.author = author
        self.replicaID = replicaID
        self.hlc = hlc
    }
}

extension ConflictResolution {
    /// Checks a resolution against its conflict and its author's role. The same rule runs on
    /// replicas (before anything is written) and on the server.
    ///
    /// - Parameters:
    ///   - conflict: the conflict it resolves.
    ///   - existing: a resolution already recorded for it, if any.
    ///   - role: the author's role: collectors resolve only their own conflicts and never accept;
    ///     managers and admins resolve any.
    public func validate(conflict: Conflict, existing: ConflictResolution?, role: Role) throws(DomainError) {
        guard conflict.id == conflictID, conflict.customerID == customerID else {
            throw DomainError(.unknownConflict, "resolution of another conflict")
        }
        if let existing, existing.id != id {
            throw DomainError(.conflictResolved, "conflict already resolved (\(existing.decision.rawValue) by \(existing.author))")
        }
        guard role.seesEverything || conflict.addressee == author else {
            throw DomainError(.notYourConflict, "this conflict is \(conflict.addressee)'s; only they or the credit team resolve it")
        }
        if (comment?.count ?? 0) > Qualification.maxCommentLength {
            throw DomainError(.commentTooLong, "comment longer than \(Qualification.maxCommentLength) characters")
        }
        switch decision {
        case .keepMine, .keepTheirs:
            guard conflict.kind != .refused else {
                throw DomainError(.invalidDecision, "refused work is accepted or dismissed, not kept")
            }
        case .accept:
            guard conflict.isAcceptable else {
                throw DomainError(.invalidDecision, conflict.kind == .refused
                    ? "only work refused as out of scope can be accepted (this was \(conflict.code ?? "refused")); dismiss it"
                    : "only refused work is accepted; keep mine or theirs, or dismiss")
            }
            guard role.seesEverything else {
                throw DomainError(.invalidDecision, "only the credit team accepts refused work")
            }
        case .dismiss:
            break
        }
    }
}

/// A conflict with what became of it, as a person reads it.
public struct ConflictEntry: Codable, Hashable, Sendable, Identifiable {
    public var conflict: Conflict
    /// The resolution, once there is one.
    public var resolution: ConflictResolution?
    /// When the server recorded the resolution (absent while it is only on this replica).
    public var resolvedSeq: Int64?

    public var id: UUID { conflict.id }
    public var isOpen: Bool { resolution == nil }

    public init(conflict: Conflict, resolution: ConflictResolution?, resolvedSeq: Int64? = nil) {
        self.conflict = conflict
        self.resolution = resolution
        self.resolvedSeq = resolvedSeq
    }

    /// One word for the state: open, kept mine, kept theirs, accepted, dismissed.
    public var state: String {
        switch resolution?.decision {
        case nil: "open"
        case .keepMine: "kept mine"
        case .keepTheirs: "kept theirs"
        case .accept: "accepted"
        case .dismiss: "dismissed"
        }
    }
}
