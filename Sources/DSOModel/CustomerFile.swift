import Foundation

/// Everything known about one customer that the derived views need: its items, the full
/// qualification history of those items, its actions (replayed) and payments. Built the same
/// way on the server and on replicas, so every derived answer is the same everywhere.
public struct CustomerFile: Sendable {
    public var customer: Customer
    public var items: [UUID: OpenItem]
    public var qualifications: [Qualification]
    public var actions: [CollectionAction]
    public var statuses: [String: Status]

    public init(customer: Customer, items: [OpenItem], qualifications: [Qualification], actions: [CollectionAction],
                statuses: [Status]) {
        self.customer = customer
        self.items = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        self.qualifications = qualifications
        self.actions = actions
        self.statuses = Dictionary(uniqueKeysWithValues: statuses.map { ($0.code, $0) })
    }

    /// An item's qualifications, in precedence order.
    public func history(of item: UUID) -> [Qualification] {
        qualifications.filter { $0.itemIDs.contains(item) }.sorted { $0.precedes($1) }
    }

    /// The status type of an item's current qualification.
    public func currentType(of item: UUID) -> StatusType? {
        Qualification.current(of: history(of: item)).flatMap { statuses[$0.statusCode]?.type }
    }

    /// Items an open specific action takes out of the scenario.
    public var itemsInOpenSpecificActions: Set<UUID> {
        Set(actions.filter { $0.kind.excludesItems && $0.isOpen && !$0.isObsolete(items: items) }.flatMap(\.itemIDs))
    }

    /// Items out of the scenario: in an open dispute, in litigation, or in an open specific action.
    public var excludedItems: Set<UUID> {
        var excluded = itemsInOpenSpecificActions
        excluded.formUnion(Dispute.derive(from: self).filter(\.isOpen).flatMap(\.openItemIDs))
        for id in items.keys where currentType(of: id) == .litigation { excluded.insert(id) }
        return excluded
    }

    /// Open invoices that collection can chase: open, positive, not excluded.
    public var collectableInvoices: [OpenItem] {
        let excluded = excludedItems
        return items.values.filter { $0.kind == .invoice && !$0.isCleared && $0.openAmount.minor > 0 && !excluded.contains($0.id) }
            .sorted { ($0.dueDate, $0.issueDate, $0.number) < ($1.dueDate, $1.issueDate, $1.number) }
    }

    /// The leader invoice: the oldest open collectable invoice, the one the scenario chases.
    public var leaderInvoice: OpenItem? { collectableInvoices.first }
}
