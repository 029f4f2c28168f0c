import Foundation

/// A person at a customer: accountant, buyer, CFO… Exactly one per customer is the contact
/// for collection, the recipient of reminders.
public struct Contact: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var name: String
    /// Function at the customer (`Accountant`, `Buyer`, `CFO`…).
    public var role: String?
    public var email: String?
    public var phone: String?
    /// Free notes of the collectors (best time to call, assistant's name…).
    public var notes: String?
    public var isCollectionContact: Bool

    public init(id: UUID, customerID: UUID, name: String, role: String? = nil, email: String? = nil,
                phone: String? = nil, notes: String? = nil, isCollectionContact: Bool = false) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
        self.notes = notes
        self.isCollectionContact = isCollectionContact
    }
}
