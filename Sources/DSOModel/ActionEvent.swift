import Foundation

/// One fact of an action's life: created, rescheduled, done or cancelled. Actions are never
/// edited in place; their state is the replay of their events (``CollectionAction/replay(_:)``).
public struct ActionEvent: Codable, Hashable, Sendable, Identifiable, JournalFact {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Planned for `date` (or, with `outcome`, logged as already done on `date`).
        case created
        /// Moved to `date`.
        case rescheduled
        /// Carried out on `date`, with an outcome and a note.
        case done
        /// Dropped; `note` says why.
        case cancelled
    }

    /// UUIDv7 of this event.
    public var id: UUID
    /// The action it belongs to (UUIDv7 for a person's action, derived for scenario steps and follow-ups).
    public var actionID: UUID
    public var customerID: UUID
    public var kind: Kind
    /// The planned date (created, rescheduled) or the date it was done (done).
    public var date: BusinessDate
    // Set on `created`:
    public var actionKind: ActionKind?
    public var channel: Channel?
    public var itemIDs: [UUID]?
    /// For scenario actions: the step's index in its scenario and the leader invoice it chased.
    public var scenarioStep: Int?
    public var leaderItemID: UUID?
    /// For follow-ups: the qualification that planned it.
    public var qualificationID: UUID?
    // Set on `done` (and on a `created` logged as done):
    public var outcome: ActionOutcome?
    public var note: String?
    public var author: String
    public var replicaID: UUID
    public var hlc: HLC

    public init(id: UUID, actionID: UUID, customerID: UUID, kind: Kind, date: BusinessDate, actionKind: ActionKind? = nil,
                channel: Channel? = nil, itemIDs: [UUID]? = nil, scenarioStep: Int? = nil, leaderItemID: UUID? = nil,
                qualificationID: UUID? = nil, outcome: ActionOutcome? = nil, note: String? = nil,
                author: String, replicaID: UUID, hlc: HLC) {
        self.id = id
        self.actionID = actionID
        self.customerID = customerID
        self.kind = kind
        self.date = date
        self.actionKind = actionKind
        self.channel = channel
        self.itemIDs = itemIDs
        self.scenarioStep = scenarioStep
        self.leaderItemID = leaderItemID
        self.qualificationID = qualificationID
        self.outcome = outcome
        self.note = note
        self.author = author
        self.replicaID = replicaID
        self.hlc = hlc
    }
}
