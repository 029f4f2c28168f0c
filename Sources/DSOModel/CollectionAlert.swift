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
        bases(for: file, hasCollectionContact: hasCollectionContact, settings: settings, today: today).map { $0.alert(on: today) }
    }

    /// The alerts of one customer on `today`, in the form that stays true on the following days
    /// (until ``CustomerDigest/validUntil``): the day counts are left to ``Basis/alert(on:)``.
    public static func bases(for file: CustomerFile, hasCollectionContact: Bool, settings: CollectionSettings,
                             today: BusinessDate) -> [Basis] {
        var bases: [Basis] = []
        let customer = file.customer
        func add(_ kind: Kind, subject: UUID? = nil, since: BusinessDate?, _ label: String = "") {
            bases.append(Basis(kind: kind, customerID: customer.id, customerCode: customer.code, subjectID: subject, since: since, label: label))
        }
        for (promise, state) in file.promises(graceDays: settings.graceDays, today: today) where state == .broken {
            add(.promiseBroken, subject: promise.id, since: promise.promisedDate, "promise of \(promise.amount) for \(promise.promisedDate) broken")
        }
        if isOverdue(file, on: today) {
            let lastDone = lastDoneDate(file)
            if lastDone.map({ today.days(since: $0) > settings.alertNoActionDays }) ?? true {
                add(.noRecentAction, since: lastDone)
            }
            if !hasCollectionContact { add(.noCollectionContact, since: nil) }
        }
        for dispute in Dispute.derive(from: file) where dispute.isOpen && dispute.duration(today: today) > settings.alertDisputeDays {
            add(.longDispute, subject: dispute.id, since: dispute.openedOn,
                "\(dispute.currentStatusCode) open for %d days (resolver: \(dispute.resolver ?? "none"))")
        }
        return bases
    }

    /// Whether the customer has an overdue invoice with something left to pay on `today`.
    static func isOverdue(_ file: CustomerFile, on today: BusinessDate) -> Bool {
        file.items.values.contains { $0.kind == .invoice && $0.isOverdue(on: today) && $0.openAmount.minor > 0 }
    }

    /// The date of the customer's latest action done.
    static func lastDoneDate(_ file: CustomerFile) -> BusinessDate? {
        file.actions.filter { $0.state == .done }.map(\.date).max()
    }

    /// The first day after `today` on which ``bases(for:hasCollectionContact:settings:today:)`` may
    /// answer differently (promises are judged by ``CustomerDigest``): an invoice falling due, the
    /// no-action period running out, a dispute getting long.
    static func nextChange(for file: CustomerFile, disputes: [Dispute], settings: CollectionSettings,
                           today: BusinessDate) -> BusinessDate? {
        var dates: [BusinessDate] = []
        if isOverdue(file, on: today) {
            if let last = lastDoneDate(file) { dates.append(last.adding(days: settings.alertNoActionDays + 1)) }
        } else {
            // The first invoice to fall overdue.
            dates += file.items.values.filter { $0.kind == .invoice && !$0.isCleared && $0.openAmount.minor > 0 }
                .map { $0.dueDate.adding(days: 1) }
        }
        dates += disputes.filter(\.isOpen).map { $0.openedOn.adding(days: settings.alertDisputeDays + 1) }
        return dates.filter { $0 > today }.min()
    }

    /// An alert as the derived state keeps it: everything but the day counts, which
    /// ``alert(on:)`` works out for the day it is read.
    public struct Basis: Codable, Hashable, Sendable {
        public var kind: Kind
        public var customerID: UUID
        public var customerCode: String
        public var subjectID: UUID?
        /// The day the count starts from: the promised date, the last action done (nil: never),
        /// the dispute's opening.
        public var since: BusinessDate?
        /// The day-independent part of the detail (`%d` stands for the days).
        public var label: String

        public init(kind: Kind, customerID: UUID, customerCode: String, subjectID: UUID?, since: BusinessDate?, label: String) {
            self.kind = kind
            self.customerID = customerID
            self.customerCode = customerCode
            self.subjectID = subjectID
            self.since = since
            self.label = label
        }

        /// The alert as it reads on `today`.
        public func alert(on today: BusinessDate) -> CollectionAlert {
            let days = since.map { today.days(since: $0) }
            let detail: String
            switch kind {
            case .promiseBroken: detail = label
            case .noRecentAction: detail = days.map { "overdue, no action for \($0) days" } ?? "overdue, never actioned"
            case .noCollectionContact: detail = "overdue, and no contact for collection: name one with `dso contact set ID --collection`"
            case .longDispute: detail = label.replacingOccurrences(of: "%d", with: String(days ?? 0))
            }
            return CollectionAlert(kind: kind, customerID: customerID, customerCode: customerCode, subjectID: subjectID,
                                   days: kind == .noCollectionContact ? nil : days, detail: detail)
        }
    }
}
