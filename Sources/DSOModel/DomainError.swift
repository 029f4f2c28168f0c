/// A domain rule a write broke, with the stable code the protocol reports it under.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, Sendable, CaseIterable {
        case noItems = "no_items"
        case tooManyItems = "too_many_items"
        case duplicateItem = "duplicate_item"
        case unknownItem = "unknown_item"
        case unknownCustomer = "unknown_customer"
        case itemsOfSeveralCustomers = "items_of_several_customers"
        case itemCleared = "item_cleared"
        case unknownStatus = "unknown_status"
        case inactiveStatus = "inactive_status"
        case commentTooLong = "comment_too_long"
        case commentRequired = "comment_required"
        case resolverRequired = "resolver_required"
        case unknownAction = "unknown_action"
        case actionOfAnotherCustomer = "action_of_another_customer"
        case actionDetailsRequired = "action_details_required"
        case outcomeRequired = "outcome_required"
        case noteTooLong = "note_too_long"
        case alreadyInDispute = "already_in_dispute"
        case unknownQualification = "unknown_qualification"
        case unknownContact = "unknown_contact"
        case invalidValue = "invalid_value"
        case notADisputeStatus = "not_a_dispute_status"
        case unknownResolver = "unknown_resolver"
        case promiseAboveOpen = "promise_above_open"
        case currencyMismatch = "currency_mismatch"
        case unknownConflict = "unknown_conflict"
        case conflictResolved = "conflict_resolved"
        case notYourConflict = "not_your_conflict"
        case invalidDecision = "invalid_decision"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
