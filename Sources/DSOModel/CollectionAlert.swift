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
        /// Overdue items and nobody to send reminders to: no contact for collection.
        case noCollectionContact = "no_collection_contact"
    }

    public var kind: Kind
    public var customerID: UUID
    /// The customer's code, for people and scripts.
    public var customerCode: String
    /// The promise or dispute concerned.
    public var subjectID: UUID?
    /// Days: since the last action (nil: never), or the dispute's age, or past the promise's deadline.
    public var days: Int?
    public var detail: String

    /// The alerts of one customer on `today`.
    ///
    /// - Parameter hasCollectionContact: whether the customer's resolved contacts name a contact
    ///   for collection.
    public static func compute(for file: CustomerFile, hasCollectionContact: Bool, settings: CollectionSettings,
                               today: BusinessDate) -> [CollectionAlert] {
        var alerts: [CollectionAlert] = []
        let customer = file.customer
        func alert(_ kind: Kind, subject: UUID? = nil, days: Int?, _ detail: String) {
            alerts.append(CollectionAlert(kind: kind, customerID: customer.id, customerCode: customer.code, subjectID: subject, days: days,
                                          detail: detail))
        }
        for (promise, state) in file.promises(graceDays: settings.graceDays, today: today) where state == .broken {
            alert(.promiseBroken, subject: promise.id, days: today.days(since: promise.promisedDate),
                  "promise of \(promise.amount) for \(promise.promisedDate) broken")
        }
        let overdue = file.items.values.contains { $0.kind == .invoice && $0.isOverdue(on: today) && $0.openAmount.minor > 0 }
        if overdue {
            let lastDone = file.actions.filter { $0.state == .done }.map(\.date).max()
            let since = lastDone.map { today.days(since: $0) }
            if since.map({ $0 > settings.alertNoActionDays }) ?? true {
                alert(.noRecentAction, days: since, since.map { "overdue, no action for \($0) days" } ?? "overdue, never actioned")
            }
            if !hasCollectionContact {
                alert(.noCollectionContact, days: nil, "overdue, and no contact for collection: name one with `dso contact set ID --collection`")
            }
        }
        for dispute in Dispute.derive(from: file) where dispute.isOpen && dispute.duration(today: today) > settings.alertDisputeDays {
            alert(.longDispute, subject: dispute.id, days: dispute.duration(today: today),
                  "\(dispute.currentStatusCode) open for \(dispute.duration(today: today)) days (resolver: \(dispute.resolver ?? "none"))")
        }
        return alerts
    }
}
