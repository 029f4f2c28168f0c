import Foundation

extension ActionEvent {
    /// Longest note accepted, in characters.
    public static let maxNoteLength = 4000

    /// Checks an action event against the items it names and the action it continues. The same
    /// rule runs on a replica before it writes and on the server before it applies.
    ///
    /// - Parameters:
    ///   - items: the items named by `itemIDs` that the checker knows of.
    ///   - action: the action's state so far (`nil` when no `created` event is known).
    ///   - knowsQualification: whether the qualification a follow-up names (`qualificationID`) is
    ///     known and not refused; a follow-up of a refused qualification is refused too.
    ///   - allowCleared: the server accepts events naming items cleared meanwhile.
    public func validate(items: [UUID: OpenItem], action: CollectionAction?, knowsQualification: Bool = true,
                         allowCleared: Bool) throws(DomainError) {
        if let note, note.count > ActionEvent.maxNoteLength {
            throw DomainError(.noteTooLong, "a note holds at most \(ActionEvent.maxNoteLength) characters")
        }
        switch kind {
        case .created:
            guard let actionKind, channel != nil else {
                throw DomainError(.actionDetailsRequired, "a new action needs a kind and a channel")
            }
            let ids = itemIDs ?? []
            if ids.isEmpty && actionKind != .oneOff { throw DomainError(.noItems, "a \(actionKind.rawValue) action names at least one item") }
            if ids.count > Qualification.maxItems { throw DomainError(.tooManyItems, "an action names at most \(Qualification.maxItems) items") }
            if Set(ids).count != ids.count { throw DomainError(.duplicateItem, "an item is named twice") }
            if let qualificationID, !knowsQualification {
                throw DomainError(.unknownQualification, "the qualification \(qualificationID.uuidString.lowercased()) this follows was not accepted")
            }
            for id in ids {
                guard let item = items[id] else { throw DomainError(.unknownItem, "unknown item \(id.uuidString.lowercased())") }
                if item.customerID != customerID { throw DomainError(.itemsOfSeveralCustomers, "item \(item.number) belongs to another customer") }
                if item.isCleared && !allowCleared && outcome == nil {
                    throw DomainError(.itemCleared, "item \(item.number) was cleared on \(item.clearedDate!)")
                }
            }
        case .rescheduled, .done, .cancelled:
            guard let action else { throw DomainError(.unknownAction, "unknown action \(actionID.uuidString.lowercased())") }
            if action.customerID != customerID { throw DomainError(.actionOfAnotherCustomer, "the action belongs to another customer") }
            if kind == .done && outcome == nil { throw DomainError(.outcomeRequired, "say what came of it (an outcome)") }
        }
    }
}
