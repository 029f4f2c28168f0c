import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// An item with the qualification that gives it its current status.
public struct ItemState: Codable, Hashable, Sendable {
    public var item: OpenItem
    public var current: Qualification?
}

extension CentralStore {
    /// Every customer, by code.
    public func customers() throws -> [Customer] {
        try backend.readNow { db in
            try db.values("SELECT doc FROM customers ORDER BY code", as: String.self).map(Customer.fromWire)
        }
    }

    public func customer(code: String) throws -> Customer? {
        try backend.readNow { db in try CentralStore.customer(code: code, in: db) }
    }

    static func customer(code: String, in db: some SQLSession) throws -> Customer? {
        try db.value("SELECT doc FROM customers WHERE code = ?", code, as: String.self).map(Customer.fromWire)
    }

    static func customer(id: UUID, in db: some SQLSession) throws -> Customer? {
        try db.value("SELECT doc FROM customers WHERE id = ?", id.text, as: String.self).map(Customer.fromWire)
    }

    static func status(code: String, in db: some SQLSession) throws -> Status? {
        try db.value("SELECT doc FROM statuses WHERE code = ?", code, as: String.self).map(Status.fromWire)
    }

    /// A customer's code and collector, from typed columns.
    ///
    /// ```sql
    /// SELECT code, collector FROM customers WHERE id = ?
    /// ```
    static func customerScope(id: UUID, in db: some SQLSession) throws -> (code: String, collector: String?)? {
        try db.row("SELECT code, collector FROM customers WHERE id = ?", id.text)
            .map { (try $0.text(0), $0.get(1, as: String.self)) }
    }

    /// The status catalogue, by code (read once per push, not once per change).
    static func statusCatalogue(in db: some SQLSession) throws -> [String: Status] {
        Dictionary(uniqueKeysWithValues: try db.values("SELECT doc FROM statuses", as: String.self)
            .map(Status.fromWire).map { ($0.code, $0) })
    }

    /// One item, from its typed columns.
    ///
    /// ```sql
    /// SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date
    /// FROM items WHERE id = ?
    /// ```
    static func item(id: UUID, in db: some SQLSession) throws -> OpenItem? {
        try db.row("SELECT \(itemColumns) FROM items WHERE id = ?", id.text).map(typedItem)
    }

    /// The typed columns an item is read from, in the order ``typedItem(_:)`` expects.
    static let itemColumns = "id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date"

    /// An item from its ``itemColumns``.
    static func typedItem(_ row: Row) throws -> OpenItem {
        guard let item = OpenItem(id: row[0], customerID: row[1], number: row[2], kind: row[3], issueDate: row[4], dueDate: row[5],
                                  initialMinor: row[6], openMinor: row[7], currency: row[8], clearedDate: row[9]) else {
            throw CorruptRow(table: "items", key: row[0])
        }
        return item
    }

    /// An item from its ``itemColumns``, on either engine.
    static func typedItem(_ row: SQLRow) throws -> OpenItem {
        guard let item = OpenItem(id: row.get(0) ?? "", customerID: row.get(1) ?? "", number: row.get(2) ?? "", kind: row.get(3) ?? "",
                                  issueDate: row.get(4) ?? "", dueDate: row.get(5) ?? "", initialMinor: row.get(6) ?? 0,
                                  openMinor: row.get(7) ?? 0, currency: row.get(8) ?? "", clearedDate: row.get(9)) else {
            throw CorruptRow(table: "items", key: row.get(0) ?? "?")
        }
        return item
    }

    /// The status catalogue.
    public func statuses() throws -> [Status] {
        try backend.readNow { db in try db.values("SELECT doc FROM statuses ORDER BY code", as: String.self).map(Status.fromWire) }
    }

    /// Every item with its current qualification, ordered by id.
    public func itemStates() throws -> [ItemState] {
        try backend.readNow { db in
            let rows = try db.rows("""
                SELECT i.doc AS item, q.doc AS qualification FROM items i
                LEFT JOIN item_current c ON c.item_id = i.id
                LEFT JOIN qualifications q ON q.id = c.qualification_id
                ORDER BY i.id
                """)
            return try rows.map { row in
                ItemState(item: try OpenItem.fromWire(row.text(0)), current: try row.get(1, as: String.self).map(Qualification.fromWire))
            }
        }
    }

    /// Every qualification, by id.
    public func qualifications() throws -> [Qualification] {
        try backend.readNow { db in try db.values("SELECT doc FROM qualifications ORDER BY id", as: String.self).map(Qualification.fromWire) }
    }

    /// Every action, replayed from its events and derived per customer as every node derives it
    /// (a follow-up a newer qualification superseded is cancelled), by id.
    public func actions() throws -> [CollectionAction] {
        try customerFiles().flatMap(\.actions).sorted { $0.id.text < $1.id.text }
    }

    /// Everything the derived views need about each customer, from the central store: the
    /// server's side of the "same facts, same derived state" rule.
    public func customerFiles() throws -> [CustomerFile] {
        try backend.readNow { db in
            try db.values("SELECT doc FROM customers ORDER BY code", as: String.self).map(Customer.fromWire)
                .map { try CentralStore.customerFile($0, in: db) }
        }
    }

    /// A customer's contacts, imported and added in the field, with every field edit applied.
    static func resolvedContacts(customer: UUID, in db: some SQLSession) throws -> [ResolvedContact] {
        let imported = try db.values("SELECT doc FROM contacts WHERE customer_id = ? ORDER BY id", customer.text, as: String.self)
            .map(Contact.fromWire)
        let edits = try db.values("SELECT doc FROM contact_edits WHERE customer_id = ?", customer.text, as: String.self)
            .map(ContactEdit.fromWire)
        return Contact.resolve(imported: imported, edits: edits)
    }

    /// Every customer's resolved contacts.
    public func resolvedContacts() throws -> [ResolvedContact] {
        try backend.readNow { db in
            try db.values("SELECT id FROM customers ORDER BY code", as: String.self).compactMap(UUID.init(text:))
                .flatMap { try CentralStore.resolvedContacts(customer: $0, in: db) }
        }
    }

    /// Everything the derived views need about one customer.
    static func customerFile(_ customer: Customer, in db: some SQLSession) throws -> CustomerFile {
        let id = customer.id.text
        let items = try db.values("SELECT doc FROM items WHERE customer_id = ?", id, as: String.self).map(OpenItem.fromWire)
        let qualifications = try db.values("SELECT doc FROM qualifications WHERE customer_id = ?", id, as: String.self)
            .map(Qualification.fromWire)
        let events = try db.values("SELECT doc FROM action_events WHERE customer_id = ?", id, as: String.self).map(ActionEvent.fromWire)
        let statuses = try db.values("SELECT doc FROM statuses", as: String.self).map(Status.fromWire)
        let payments = try db.values("SELECT doc FROM payments WHERE customer_id = ?", id, as: String.self).map(Payment.fromWire)
        return CustomerFile(customer: customer, items: items, qualifications: qualifications,
                            actions: Array(CollectionAction.replayAll(events).values), statuses: statuses, payments: payments)
    }

    /// Counts of rows, for reports and tests.
    public func counts() throws -> [String: Int] {
        try backend.readNow { db in
            var out: [String: Int] = [:]
            for table in ["customers", "contacts", "items", "qualifications", "action_events", "contact_edits", "statuses", "scenarios", "settings", "payments",
                          "changes", "users", "receipts", "conflicts", "conflict_resolutions"] {
                out[table] = try db.value("SELECT COUNT(*) FROM \(table)") ?? 0
            }
            out["open_items"] = try db.value("SELECT COUNT(*) FROM items WHERE cleared = 0") ?? 0
            return out
        }
    }
}
