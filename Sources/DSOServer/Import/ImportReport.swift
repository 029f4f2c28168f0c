/// What an import did, or would have done: a file with any rejected row changes nothing.
public struct ImportReport: Codable, Hashable, Sendable {
    public struct RejectedRow: Codable, Hashable, Sendable {
        public var line: Int
        public var reason: String
    }

    public var kind: ImportKind
    public var file: String
    public var mode: ItemsImportMode?
    public var read = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var cleared = 0
    /// Planned actions cancelled because all their items are now cleared.
    public var cancelledActions = 0
    public var rejected: [RejectedRow] = []
    /// Whether the changes were committed (only when nothing was rejected).
    public var applied = false

    public init(kind: ImportKind, file: String, mode: ItemsImportMode?) {
        self.kind = kind
        self.file = file
        self.mode = mode
    }
}

/// The kinds of file the central team imports from the ERP.
public enum ImportKind: String, Codable, Sendable, CaseIterable {
    case customers, items, contacts, users, portfolio, statuses, payments
    /// Invoices already paid (the sales and payment history reports need): each becomes an item
    /// cleared on its payment date.
    case history
    /// Exchange rates (`date, currency, rate, [base]`) for the reports' `--in`.
    case rates

    /// Columns the header must hold.
    var requiredColumns: [String] {
        switch self {
        case .customers: ["code", "name", "currency"]
        case .items: ["customer", "number", "issue_date", "due_date", "amount"]
        case .contacts: ["customer", "name"]
        case .users: ["login", "role"]
        case .portfolio: ["customer", "collector"]
        case .statuses: ["code", "name", "type"]
        case .payments: ["customer", "item", "date", "amount"]
        case .history: ["customer", "number", "issue_date", "due_date", "amount", "payment_date"]
        case .rates: ["date", "currency", "rate"]
        }
    }
}

/// How an open-items file relates to what the store holds.
public enum ItemsImportMode: String, Codable, Sendable, CaseIterable {
    /// Every open item, every time: an open item missing from the file is cleared.
    case stock
    /// Only changes: items not in the file are left alone; a row clears an item with a
    /// `cleared_date` or an `open_amount` of zero.
    case delta
}

/// A row the importer refuses, and why.
struct RowRejection: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

enum RowOutcome {
    case created, updated, unchanged, cleared
}
