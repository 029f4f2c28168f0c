import Foundation

/// What a qualification plans next.
public enum FollowUpChoice: Hashable, Sendable {
    /// Status date + the status's follow-up delay, on the status's channel (call by default).
    case standard
    /// On this date instead.
    case on(BusinessDate)
    /// Nothing.
    case none
}

extension Qualification {
    /// The id of the follow-up action a qualification plans: derived, so every node names it alike.
    public var followUpID: UUID { DeterministicID.make("follow_up", id.uuidString) }

    /// The `created` event of the follow-up this qualification plans, or `nil` for `.none`.
    ///
    /// A dispute's follow-up is a *specific* action: it keeps the items out of the scenario, and
    /// completing it closes the dispute. Other statuses plan an ordinary follow-up.
    public func followUp(_ choice: FollowUpChoice, status: Status, eventID: UUID, hlc: HLC) -> ActionEvent? {
        let date: BusinessDate
        switch choice {
        case .none: return nil
        case .on(let chosen): date = chosen
        case .standard: date = statusDate.adding(days: status.followUpDays)
        }
        return ActionEvent(id: eventID, actionID: followUpID, customerID: customerID, kind: .created, date: date,
                           actionKind: status.type == .dispute ? .specific : .followUp, channel: status.followUpChannel ?? .call,
                           itemIDs: itemIDs, qualificationID: id, note: "Follow-up: \(status.name)",
                           author: author, replicaID: replicaID, hlc: hlc)
    }

    /// The semantic rule of disputes: an item is in at most one open dispute. Checked against
    /// the customer's facts on a replica before writing and on the server before applying.
    public func checkDisputeRule(in file: CustomerFile) throws(DomainError) {
        guard file.statuses[statusCode]?.type == .dispute else { return }
        let open = Set(Dispute.derive(from: file).filter(\.isOpen).flatMap(\.openItemIDs))
        if let item = itemIDs.first(where: open.contains) {
            throw DomainError(.alreadyInDispute, "item \(file.items[item]?.number ?? item.uuidString) is already in an open dispute")
        }
    }
}
