import Foundation

/// A payment (or other clearing) of an item, imported from the ERP. Central-owned.
public struct Payment: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var itemID: UUID
    public var date: BusinessDate
    /// Positive: what was paid against the item.
    public var amount: Money

    public init(id: UUID, customerID: UUID, itemID: UUID, date: BusinessDate, amount: Money) {
        self.id = id
        self.customerID = customerID
        self.itemID = itemID
        self.date = date
        self.amount = amount
    }
}
