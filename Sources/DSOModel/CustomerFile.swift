import Foundation

/// Everything known about one customer that the derived views need: its items, the full
/// qualification history of those items, its actions (replayed), its payments. Built the same
/// way on the server and on replicas, so every derived answer is the same everywhere.
public struct CustomerFile: Sendable {
    public var customer: Customer
    public var items: [UUID: OpenItem]
    public var qualifications: [Qualification]
    /// The customer's actions, replayed from their events, with the qualification follow-ups a
    /// newer qualification superseded shown cancelled (``CollectionAction/supersededNote``).
    public var actions: [CollectionAction]
    public var statuses: [String: Status]
    /// Payments imported for the customer's items (they judge promises).
    public var payments: [Payment]
    /// Each item's current qualification, computed once.
    private let currentByItem: [UUID: Qualification]

    public init(customer: Customer, items: [OpenItem], qualifications: [Qualification], actions: [CollectionAction],
                statuses: [Status], payments: [Payment] = []) {
        self.init(customer: customer, items: items, qualifications: qualifications, actions: actions,
                  statusesByCode: Dictionary(uniqueKeysWithValues: statuses.map { ($0.code, $0) }), payments: payments)
    }

    /// The same, with the status catalogue already keyed by code (built once for many files).
    public init(customer: Customer, items: [OpenItem], qualifications: [Qualification], actions: [CollectionAction],
                statusesByCode: [String: Status], payments: [Payment] = []) {
        self.customer = customer
        self.items = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        self.qualifications = qualifications
        self.statuses = statusesByCode
        self.payments = payments
        var currents: [UUID: Qualification] = [:]
        for q in qualifications {
            for item in q.itemIDs where q.supersedes(currents[item]) { currents[item] = q }
        }
        currentByItem = currents
        self.actions = actions
        self.actions = actions.map { supersede($0) }
    }

    /// An item's qualifications, in precedence order (the order they were recorded).
    public func history(of item: UUID) -> [Qualification] {
        qualifications.filter { $0.itemIDs.contains(item) }.sorted { $0.precedes($1) }
    }

    /// The qualification giving an item its current status.
    public func current(of item: UUID) -> Qualification? { currentByItem[item] }

    /// The status type of an item's current qualification.
    public func currentType(of item: UUID) -> StatusType? {
        current(of: item).flatMap { statuses[$0.statusCode]?.type }
    }

    /// One qualification follow-up per item, the latest: a still-planned follow-up keeps only the
    /// items whose current qualification is still the one it follows; once it keeps none, it is
    /// cancelled by the system ("superseded").
    private func supersede(_ action: CollectionAction) -> CollectionAction {
        guard action.isOpen, let origin = action.qualificationID, !action.itemIDs.isEmpty else { return action }
        let newer = action.itemIDs.compactMap { item in current(of: item).flatMap { $0.id != origin ? $0 : nil } }
        guard !newer.isEmpty else { return action }
        var superseded = action
        let replaced = Set(action.itemIDs.filter { item in current(of: item).map { $0.id != origin } ?? false })
        superseded.itemIDs = action.itemIDs.filter { !replaced.contains($0) }
        guard superseded.itemIDs.isEmpty else { return superseded }
        let newest = newer.max { $0.precedes($1) }!
        superseded.itemIDs = action.itemIDs
        superseded.state = .cancelled
        superseded.date = BusinessDate.today(in: TimeZone(identifier: "UTC")!, now: newest.hlc.date)
        superseded.note = CollectionAction.supersededNote
        superseded.closedBy = CollectionAction.systemAuthor
        superseded.closedAt = newest.hlc
        return superseded
    }

    /// The customer's promises to pay, with their state on `today`.
    public func promises(graceDays: Int, today: BusinessDate) -> [(promise: PromiseToPay, state: PromiseToPay.State)] {
        PromiseToPay.derive(from: self).map { ($0, $0.evaluate(in: self, graceDays: graceDays, today: today)) }
    }

    /// Items out of the scenario on `today`: in an open dispute, in litigation, under a pending
    /// promise to pay, or in an open specific action. A promise's follow-up (a specific action)
    /// adds nothing of its own: its items are out while the promise is pending, and return once it
    /// is kept, broken or superseded.
    public func excludedItems(graceDays: Int, today: BusinessDate) -> Set<UUID> {
        var excluded = Set(promises(graceDays: graceDays, today: today).filter { $0.state == .pending }.flatMap(\.promise.itemIDs))
        let promiseIDs = Set(qualifications.filter { statuses[$0.statusCode]?.type == .promiseToPay }.map(\.id))
        for action in actions where action.kind.excludesItems && action.isOpen && !action.isObsolete(items: items) {
            if let origin = action.qualificationID, promiseIDs.contains(origin) { continue }
            excluded.formUnion(action.itemIDs)
        }
        excluded.formUnion(Dispute.derive(from: self).filter(\.isOpen).flatMap(\.openItemIDs))
        for id in items.keys where currentType(of: id) == .litigation { excluded.insert(id) }
        return excluded
    }

    /// Open invoices that collection can chase on `today`: open, positive, not excluded; oldest
    /// due date first.
    public func collectableInvoices(graceDays: Int, today: BusinessDate) -> [OpenItem] {
        let excluded = excludedItems(graceDays: graceDays, today: today)
        return items.values.filter { $0.kind == .invoice && !$0.isCleared && $0.openAmount.minor > 0 && !excluded.contains($0.id) }
            .sorted { ($0.dueDate, $0.issueDate, $0.number) < ($1.dueDate, $1.issueDate, $1.number) }
    }

    /// The leader invoice on `today`: the oldest open collectable invoice, the one the scenario chases.
    public func leaderInvoice(graceDays: Int, today: BusinessDate) -> OpenItem? {
        collectableInvoices(graceDays: graceDays, today: today).first
    }
}
