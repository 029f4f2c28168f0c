import Foundation

extension Qualification {
    /// Checks a qualification against the items and the status catalogue it refers to.
    /// The same rule runs on a replica before it writes and on the server before it applies.
    ///
    /// - Parameters:
    ///   - items: the items named by `itemIDs` that the checker knows of (unknown ids are missing).
    ///   - status: the catalogue entry for `statusCode`, or `nil` when there is none.
    ///   - allowCleared: the server accepts a qualification of an item cleared meanwhile into
    ///     history (the item stays cleared); a replica refuses to write one.
    public func validate(items: [UUID: OpenItem], status: Status?, allowCleared: Bool) throws(DomainError) {
        if itemIDs.isEmpty { throw DomainError(.noItems, "a qualification names at least one item") }
        if itemIDs.count > Qualification.maxItems {
            throw DomainError(.tooManyItems, "a qualification names at most \(Qualification.maxItems) items")
        }
        if Set(itemIDs).count != itemIDs.count { throw DomainError(.duplicateItem, "an item is named twice") }
        for itemID in itemIDs {
            guard let item = items[itemID] else {
                throw DomainError(.unknownItem, "unknown item \(itemID.uuidString.lowercased())")
            }
            if item.customerID != customerID {
                throw DomainError(.itemsOfSeveralCustomers, "item \(item.number) belongs to another customer")
            }
            if item.isCleared && !allowCleared {
                throw DomainError(.itemCleared, "item \(item.number) was cleared on \(item.clearedDate!)")
            }
        }
        guard let status else { throw DomainError(.unknownStatus, "unknown status '\(statusCode)'") }
        if !status.active { throw DomainError(.inactiveStatus, "status '\(statusCode)' is retired") }
        if comment.count > Qualification.maxCommentLength {
            throw DomainError(.commentTooLong, "a comment holds at most \(Qualification.maxCommentLength) characters")
        }
        // The amount of a promise is checked where it is written, against what the replica knows
        // then; the server, which may have imported payments since, keeps the promise as made.
        if let promisedAmount, status.type == .promiseToPay, !allowCleared {
            let known = itemIDs.compactMap { items[$0] }
            if let other = known.first(where: { $0.openAmount.currency != promisedAmount.currency }) {
                throw DomainError(.currencyMismatch, "the promise is in \(promisedAmount.currency), item \(other.number) in \(other.openAmount.currency)")
            }
            if promisedAmount.minor <= 0 {
                throw DomainError(.invalidValue, "a promised amount is positive")
            }
            let open = Money(minor: known.reduce(Int64(0)) { $0.addingSaturated($1.openAmount.minor) }, currency: promisedAmount.currency)
            if promisedAmount.minor > open.minor {
                throw DomainError(.promiseAboveOpen, "the promised \(promisedAmount) is more than the \(open) open on \(itemIDs.count == 1 ? "this item" : "these items")")
            }
        }
        if status.type == .dispute {
            if comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw DomainError(.commentRequired, "a dispute needs a comment in the customer's words")
            }
            if (resolver ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw DomainError(.resolverRequired, "a dispute needs a resolver")
            }
        }
    }
}
