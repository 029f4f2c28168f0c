import Foundation

extension ContactEdit {
    /// The edit of the same field that this one did not see: the field's winning edit when this
    /// edit's ``base`` is another version. `nil` when there is none (this edit was based on the
    /// current value, or it adds a contact).
    public func concurrentEdit(in resolved: ResolvedContact) -> ContactEdit? {
        guard kind == .set, let field, let current = resolved.winners[field], current.id != id else { return nil }
        return current.hlc == base ? nil : current
    }

    /// The conflict between this edit and `other`, the field's winning edit it did not see,
    /// addressed to the author of whichever lost (``JournalFact/precedes(_:)``).
    public func conflict(with other: ContactEdit, id: UUID, customerCode: String, at date: Date) -> Conflict {
        let (loser, winner) = precedes(other) ? (self, other) : (other, self)
        return Conflict(id: id, kind: .contactField, customerID: customerID, customerCode: customerCode, addressee: loser.author,
                        detectedAt: date, mine: loser.side, theirs: winner.side, contactID: contactID, field: field)
    }

    var side: ConflictSide {
        ConflictSide(factID: id, factKind: "contact.edit", author: author, replicaID: replicaID, hlc: hlc, value: value, summary: summary)
    }
}

extension Qualification {
    /// Whether `current`, an item's current qualification, was written by someone else without
    /// this qualification's author having seen it: each author saw a different current status.
    /// Qualifications written before ``basedOn`` existed are never concurrent.
    public func concurrent(with current: Qualification) -> Bool {
        guard let basedOn, current.id != id, current.author != author else { return false }
        return !basedOn.contains(current.id)
    }

    /// The conflict between this qualification and `other` on `items`, addressed to the author
    /// of the one that is not the items' current status (``JournalFact/precedes(_:)``).
    public func conflict(with other: Qualification, items: [UUID], id: UUID, customerCode: String, at date: Date) -> Conflict {
        let (loser, winner) = precedes(other) ? (self, other) : (other, self)
        return Conflict(id: id, kind: .qualification, customerID: customerID, customerCode: customerCode, addressee: loser.author,
                        detectedAt: date, mine: loser.side, theirs: winner.side, itemIDs: items)
    }

    var side: ConflictSide {
        ConflictSide(factID: id, factKind: "qualification.add", author: author, replicaID: replicaID, hlc: hlc, value: statusCode,
                     summary: summary)
    }
}

extension Conflict {
    /// Refused work: `side` is the refused fact, addressed to its author.
    public static func refused(_ side: ConflictSide, id: UUID, customerID: UUID, customerCode: String, code: String, detail: String,
                               at date: Date) -> Conflict {
        Conflict(id: id, kind: .refused, customerID: customerID, customerCode: customerCode, addressee: side.author,
                 detectedAt: date, mine: side, code: code, detail: detail)
    }
}

extension ActionEvent {
    var side: ConflictSide {
        ConflictSide(factID: id, factKind: "action.event", author: author, replicaID: replicaID, hlc: hlc, value: kind.rawValue,
                     summary: summary)
    }
}

/// A fact as one side of a conflict.
public enum ConflictSides {
    public static func of(_ q: Qualification) -> ConflictSide { q.side }
    public static func of(_ e: ActionEvent) -> ConflictSide { e.side }
    public static func of(_ e: ContactEdit) -> ConflictSide { e.side }
}
