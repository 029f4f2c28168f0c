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
    /// The follow-up of a dispute or of a promise to pay is a *specific* action: it keeps the
    /// items out of the scenario (a promise's, while the promise is pending), and completing a
    /// dispute's closes the dispute. Other statuses plan an ordinary follow-up. A promise's
    /// follow-up falls the status's delay after the promised date, others after the status date.
    public func followUp(_ choice: FollowUpChoice, status: Status, eventID: UUID, hlc: HLC) -> ActionEvent? {
        let date: BusinessDate
        switch choice {
        case .none: return nil
        case .on(let chosen): date = chosen
        case .standard: date = (status.type == .promiseToPay ? promiseDueDate : statusDate).adding(days: status.followUpDays)
        }
        let specific = status.type == .dispute || status.type == .promiseToPay
        return ActionEvent(id: eventID, actionID: followUpID, customerID: customerID, kind: .created, date: date,
                           actionKind: specific ? .specific : .followUp, channel: status.followUpChannel ?? .call,
                           itemIDs: itemIDs, qualificationID: id, note: "Follow-up: \(status.name)",
                           author: author, replicaID: replicaID, hlc: hlc)
    }

    /// Refuses to *open* a dispute on items already in an open one (at most one open dispute per
    /// item). Qualifying such an item with another dispute status is not an opening: it changes
    /// the dispute's status and keeps it open (``Dispute/derive(from:)``).
    public func checkNotInOpenDispute(in file: CustomerFile) throws(DomainError) {
        let open = Dispute.derive(from: file).filter(\.isOpen)
        for item in itemIDs {
            if let dispute = open.first(where: { $0.openItemIDs.contains(item) }) {
                throw DomainError(.alreadyInDispute, "item \(file.items[item]?.number ?? item.uuidString) is already in an open dispute "
                                  + "(\(dispute.currentStatusCode) since \(dispute.openedOn)); qualify it with another dispute status to change it")
            }
        }
    }

    /// Refuses a resolver who is not a known user (when the node knows its users).
    public func checkResolver(knownLogins: Set<String>) throws(DomainError) {
        guard let resolver, !knownLogins.isEmpty, !knownLogins.contains(resolver) else { return }
        let close = Spelling.closeMatches(resolver, in: knownLogins.sorted())
        throw DomainError(.unknownResolver, "unknown resolver '\(resolver)': name a user's login"
                          + (close.isEmpty ? " (`dso users` lists them)" : " — did you mean \(close.joined(separator: ", "))?"))
    }
}