import Foundation

/// A dispute, derived from the qualification history: opened by a dispute-type status (with a
/// resolver and the customer's words) on items not in an open dispute; changed, not reopened, by
/// another dispute-type status on its items (it keeps its opening date); closed for an item by a
/// status of any other type (dispute resolved, promise to pay, ongoing, litigation…) or by
/// completing the specific action that follows it. An item is in at most one open dispute.
public struct Dispute: Codable, Hashable, Sendable, Identifiable {
    /// The id of the qualification that opened it.
    public var id: UUID
    public var customerID: UUID
    /// The dispute status that opened it (reports group by it).
    public var statusCode: String
    /// Its dispute status now (another dispute status may have replaced the opening one).
    public var currentStatusCode: String
    /// Who must resolve it (the latest one named).
    public var resolver: String?
    /// The customer's words when it was opened.
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
        // The dispute each dispute-type qualification opened or changed: completing the follow-up
        // of any of them closes that dispute.
        var disputeOf: [UUID: UUID] = [:]
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
                guard let origin = action.qualificationID, let id = disputeOf[origin], let dispute = disputes[id] else { continue }
                for item in dispute.openItemIDs { close(item, on: action.date) }
            case .qualification(let q):
                guard let type = file.statuses[q.statusCode]?.type else { continue }
                guard type == .dispute else {
                    for item in q.itemIDs { close(item, on: q.statusDate) }
                    continue
                }
                // Items already in a dispute: its status changes, it stays open.
                for id in Set(q.itemIDs.compactMap { openByItem[$0] }) {
                    disputes[id]!.currentStatusCode = q.statusCode
                    if let resolver = q.resolver { disputes[id]!.resolver = resolver }
                    disputeOf[q.id] = id
                }
                let fresh = q.itemIDs.filter { openByItem[$0] == nil }
                guard !fresh.isEmpty else { continue }
                disputes[q.id] = Dispute(id: q.id, customerID: q.customerID, statusCode: q.statusCode, currentStatusCode: q.statusCode,
                                         resolver: q.resolver, comment: q.comment, openedOn: q.statusDate, itemIDs: fresh,
                                         openItemIDs: fresh, closedOn: nil)
                order.append(q.id)
                disputeOf[q.id] = q.id
                for item in fresh { openByItem[item] = q.id }
            }
        }
        return order.map { disputes[$0]! }
    }
}
