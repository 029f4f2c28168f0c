import Foundation

/// An action's state, replayed from its events. The same events give the same state on every
/// node, whatever order they arrived in.
public struct CollectionAction: Codable, Hashable, Sendable, Identifiable {
    public enum State: String, Codable, Sendable {
        case planned, done, cancelled
    }

    public var id: UUID
    public var customerID: UUID
    public var kind: ActionKind
    public var channel: Channel
    public var itemIDs: [UUID]
    public var state: State
    /// Planned date while planned; the date it was done or cancelled after.
    public var date: BusinessDate
    /// The date it was first planned for (a rescheduled action keeps it for the record).
    public var plannedDate: BusinessDate
    public var outcome: ActionOutcome?
    public var note: String?
    public var scenarioStep: Int?
    public var leaderItemID: UUID?
    public var qualificationID: UUID?
    public var createdBy: String
    /// Who closed it (done or cancelled), and the HLC of that event.
    public var closedBy: String?
    public var closedAt: HLC?

    /// Whether it still lies ahead.
    public var isOpen: Bool { state == .planned }

    /// Replays one action's events. Returns `nil` until its `created` event is known.
    ///
    /// Rules: events apply in precedence order; the first `done` or `cancelled` closes the
    /// action and later events are ignored (a correction is a new action); the latest
    /// reschedule before the close sets the planned date.
    public static func replay(_ events: some Sequence<ActionEvent>) -> CollectionAction? {
        let ordered = events.sorted { $0.precedes($1) }
        guard let created = ordered.first(where: { $0.kind == .created }) else { return nil }
        var action = CollectionAction(
            id: created.actionID, customerID: created.customerID, kind: created.actionKind ?? .oneOff,
            channel: created.channel ?? .note, itemIDs: created.itemIDs ?? [], state: .planned, date: created.date,
            plannedDate: created.date, outcome: nil, note: created.note, scenarioStep: created.scenarioStep,
            leaderItemID: created.leaderItemID, qualificationID: created.qualificationID, createdBy: created.author, closedBy: nil,
            closedAt: nil)
        if let outcome = created.outcome {
            action.state = .done
            action.outcome = outcome
            action.closedBy = created.author
            action.closedAt = created.hlc
        }
        for event in ordered where event.id != created.id && action.state == .planned {
            switch event.kind {
            case .created:
                continue
            case .rescheduled:
                action.date = event.date
            case .done:
                action.state = .done
                action.date = event.date
                action.outcome = event.outcome
                action.note = event.note ?? action.note
                action.closedBy = event.author
                action.closedAt = event.hlc
            case .cancelled:
                action.state = .cancelled
                action.date = event.date
                action.note = event.note ?? action.note
                action.closedBy = event.author
                action.closedAt = event.hlc
            }
        }
        return action
    }

    /// Replays many actions' events at once, by action id.
    public static func replayAll(_ events: some Sequence<ActionEvent>) -> [UUID: CollectionAction] {
        var byAction: [UUID: [ActionEvent]] = [:]
        for event in events { byAction[event.actionID, default: []].append(event) }
        return byAction.compactMapValues { replay($0) }
    }

    /// A planned action whose items are all cleared has nothing left to chase, whenever the
    /// clearing happened (before or after its date): it leaves the agenda.
    public func isObsolete(items: [UUID: OpenItem]) -> Bool {
        guard state == .planned, !itemIDs.isEmpty else { return false }
        return itemIDs.allSatisfy { items[$0]?.isCleared == true }
    }

    /// Who closes what the rules close (a superseded follow-up).
    public static let systemAuthor = "system"
    /// The note of a follow-up a newer qualification of its items superseded.
    public static let supersededNote = "superseded"

    /// Whether the rules cancelled it because a newer qualification replaced the one it follows.
    public var isSuperseded: Bool { state == .cancelled && closedBy == CollectionAction.systemAuthor && note == CollectionAction.supersededNote }
}
