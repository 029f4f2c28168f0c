import Foundation

/// A condition over the portfolio that needs someone's attention.
public struct CollectionAlert: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A promise to pay was broken.
        case promiseBroken = "promise_broken"
        /// Overdue items and no action done for N days (or ever).
        case noRecentAction = "no_recent_action"
        /// A dispute open for more than N days.
        case longDispute = "long_dispute"
    }

    public var kind: Kind
    public var customerID: UUID
    /// The promise or dispute concerned.
    public var subjectID: UUID?
    /// Days: since the last action (nil: never), or the dispute's age, or past the promise's deadline.
    public var days: Int?
    public var detail: String

    /// The alerts of one customer on `today`.
    public static func compute(for file: CustomerFile, payments: [Payment], settings: CollectionSettings,
                               today: BusinessDate) -> [CollectionAlert] {
        var alerts: [CollectionAlert] = []
        for promise in PromiseToPay.derive(from: file, payments: payments)
        where promise.evaluate(in: file, payments: payments, graceDays: settings.graceDays, today: today) == .broken {
            let late = today.days(since: promise.promisedDate)
            alerts.append(CollectionAlert(kind: .promiseBroken, customerID: file.customer.id, subjectID: promise.id, days: late,
                                          detail: "promise of \(promise.amount) for \(promise.promisedDate) broken"))
        }
        let overdue = file.items.values.contains { $0.kind == .invoice && $0.isOverdue(on: today) && $0.openAmount.minor > 0 }
        if overdue {
            let lastDone = file.actions.filter { $0.state == .done }.map(\.date).max()
            let since = lastDone.map { today.days(since: $0) }
            if since.map({ $0 > settings.alertNoActionDays }) ?? true {
                alerts.append(CollectionAlert(kind: .noRecentAction, customerID: file.customer.id, subjectID: nil, days: since,
                                              detail: since.map { "overdue, no action for \($0) days" } ?? "overdue, never actioned"))
            }
        }
        for dispute in Dispute.derive(from: file) where dispute.isOpen && dispute.duration(today: today) > settings.alertDisputeDays {
            alerts.append(CollectionAlert(kind: .longDispute, customerID: file.customer.id, subjectID: dispute.id,
                                          days: dispute.duration(today: today),
                                          detail: "\(dispute.statusCode) open for \(dispute.duration(today: today)) days (resolver: \(dispute.resolver ?? "none"))"))
        }
        return alerts
    }
}
