import Foundation

/// What an open item is. Credit notes and unallocated payments carry negative amounts.
public enum ItemKind: String, Codable, Sendable, CaseIterable {
    case invoice
    case creditNote = "credit_note"
    case payment
}

/// An open item of a customer's account (invoice, credit note, unallocated payment), as imported
/// from the ERP. Central-owned: replicas receive it read-only.
public struct OpenItem: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    /// The ERP number, unique per customer.
    public var number: String
    public var kind: ItemKind
    public var issueDate: BusinessDate
    public var dueDate: BusinessDate
    /// Amount including tax, at issue.
    public var initialAmount: Money
    /// What remains to be paid.
    public var openAmount: Money
    /// Set once the item is paid or otherwise settled.
    public var clearedDate: BusinessDate?

    public init(id: UUID, customerID: UUID, number: String, kind: ItemKind, issueDate: BusinessDate,
                dueDate: BusinessDate, initialAmount: Money, openAmount: Money, clearedDate: BusinessDate? = nil) {
        self.id = id
        self.customerID = customerID
        self.number = number
        self.kind = kind
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.initialAmount = initialAmount
        self.openAmount = openAmount
        self.clearedDate = clearedDate
    }

    public var isCleared: Bool { clearedDate != nil }

    /// Days past the due date on `today` (negative when not yet due).
    public func overdueDays(on today: BusinessDate) -> Int { today.days(since: dueDate) }

    /// Open and past its due date on `today`.
    public func isOverdue(on today: BusinessDate) -> Bool { !isCleared && overdueDays(on: today) > 0 }
}
