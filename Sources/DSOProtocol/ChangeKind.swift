/// What a change does. Replicas may push field-journal kinds only; the others flow from the
/// server to replicas.
public enum ChangeKind: String, Codable, Sendable, CaseIterable {
    /// A qualification (append-only field journal). Pushed by replicas, pulled by all in scope.
    case qualificationAdd = "qualification.add"
    /// An event of a collection action: created, rescheduled, done, cancelled (field journal).
    case actionEvent = "action.event"
    /// A contact added in the field, or one of its fields edited (field journal, LWW per field).
    case contactEdit = "contact.edit"
    /// A status of the catalogue was created or changed (central-owned).
    case statusUpsert = "status.upsert"
    /// A customer's master data or its collector changed (central-owned).
    case customerUpsert = "customer.upsert"
    /// A contact was created or changed (central-owned in v1).
    case contactUpsert = "contact.upsert"
    /// An open item was created, changed or cleared (central-owned).
    case itemUpsert = "item.upsert"
    /// A customer left the caller's scope: purge it, but keep pending changes.
    case customerRemove = "customer.remove"
    /// A collection scenario was created or changed (central-owned).
    case scenarioUpsert = "scenario.upsert"
    /// The central collection settings changed (central-owned).
    case settingsUpsert = "settings.upsert"
    /// A payment of an item was imported (central-owned).
    case paymentAdd = "payment.add"
    /// A user was created or changed: login, name, role, never a token (central-owned, every scope).
    case userUpsert = "user.upsert"
    /// The exchange-rate table changed: the whole table, every quote against one base (central-owned,
    /// every scope; an addition within version 1).
    case ratesUpsert = "rates.upsert"
    /// A conflict the server found (concurrent contact edits or qualifications, refused work):
    /// server-written, pulled by the customer's collector and by the author it is addressed to
    /// (an addition within version 1).
    case conflictAdd = "conflict.add"
    /// What a person decided about a conflict (keep mine or theirs, accept, dismiss): pushed by
    /// replicas, written by the credit team, pulled like conflicts (an addition within version 1).
    case conflictResolve = "conflict.resolve"
    /// Stands for a pulled kind this version does not know; never on the wire.
    case unknown = "unknown"

    /// Kinds a replica may push.
    public var isFieldWritable: Bool {
        self == .qualificationAdd || self == .actionEvent || self == .contactEdit || self == .conflictResolve
    }
}

/// Thrown while decoding a change whose `kind` this version does not know.
public struct UnknownChangeKind: Error, Hashable, Sendable {
    public var kind: String
    public var codingPath: String
}
