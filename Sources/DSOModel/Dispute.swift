import Foundation

/// A dispute, derived from the qualification history: opened by a dispute-type status (with a
/// resolver and the customer's words), closed by a "dispute resolved" status on its items or by
/// completing the specific action that follows it. An item is in at most one open dispute.
public struct Dispute: Codable, Hashable, Sendable, Identifiable {
    /// The id of the qualification that opened it.
    public var id: UUID
    public var customerID: UUID
    public var statusCode: String
    public var resolver: String?
    public var comment: String
    public var openedOn: BusinessDate
    /// Items it covers, and those still in it.
    public var itemIDs: [UUID]
    public var openItemIDs: [UUID]
    public var closedOn: BusinessDate?

    public var isOpen: Bool { !openItemIDs.isEmpty }

    /// Days from opening to closing (or to `today` while open).
    public func duration(today: BusinessDate) -> Int { (closedOn ?? today).days(since: openedOn) }

    /// The disputes of one customer, replayed from its history in precedence order.
    public static func derive(from file: CustomerFile) -> [Dispute] {
        var disputes: [UUID: Dispute] = [:]
        var order: [UUID] = []
        var openByItem: [UUID: UUID] = [:]
        func close(_ item: UUID, on date: BusinessDate) {
            guard let id = openByItem.removeValue(forKey: item) else { return }
            disputes[id]!.openItemIDs.removeAll { $0 == item }
            if disputes[id]!.openItemIDs.isEmpty { disputes[id]!.closedOn = date }
        }
        // One timeline: qualifications, and completions of the specific actions that follow a
        // dispute (they carry the opening qualification's id), in HLC order.
        enum Event { case qualification(Qualification), completed(CollectionAction, HLC) }
        var timeline: [(HLC, Int, Event)] = file.qualifications.map { ($0.hlc, 0, .qualification($0)) }
        for action in file.actions where action.kind == .specific && action.state == .done && action.qualificationID != nil {
            if let at = action.closedAt { timeline.append((at, 1, .completed(action, at))) }
        }
        timeline.sort { lhs, rhs in
            if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
            if case .qualification(let a) = lhs.2, case .qualification(let b) = rhs.2 { return a.precedes(b) }
            return lhs.1 < rhs.1
        }
        for (_, _, event) in timeline {
            switch event {
            case .completed(let action, _):
                guard let id = action.qualificationID, let dispute = disputes[id] else { continue }
                for item in dispute.openItemIDs { close(item, on: action.date) }
            case .qualification(let q):
                switch file.statuses[q.statusCode]?.type {
                case .dispute?:
                    let fresh = q.itemIDs.filter { openByItem[$0] == nil }
                    guard !fresh.isEmpty else { continue }
                    disputes[q.id] = Dispute(id: q.id, customerID: q.customerID, statusCode: q.statusCode, resolver: q.resolver,
                                             comment: q.comment, openedOn: q.statusDate, itemIDs: fresh, openItemIDs: fresh, closedOn: nil)
                    order.append(q.id)
                    for item in fresh { openByItem[item] = q.id }
                case .disputeResolved?:
                    for item in q.itemIDs { close(item, on: q.statusDate) }
                default:
                    continue
                }
            }
        }
        return order.map { disputes[$0]! }
    }
}
