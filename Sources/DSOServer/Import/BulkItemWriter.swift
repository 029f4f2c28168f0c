import DSOModel
import DSOProtocol
import Foundation

/// The writes of an items (or history) import into a PostgreSQL store, by `COPY`: every row is
/// still judged one by one by ``RowImporter`` (the same rules as on SQLite), but its change and
/// its item are written 2,000 at a time, instead of three round trips per row.
///
/// Existing items are read once per customer (an items file lists each customer's items
/// together, or at least several times). Each batch:
///
/// ```sql
/// SELECT COALESCE(MAX(seq), 0) FROM changes                -- once per import: it holds the write lock
/// COPY changes(seq, kind, customer_id, payload, collector_from, collector_to, at) FROM STDIN
/// CREATE TEMP TABLE dso_items_copy (LIKE items) ON COMMIT DROP   -- once per import
/// COPY dso_items_copy(…) FROM STDIN
/// INSERT INTO items SELECT … FROM dso_items_copy ON CONFLICT(id) DO UPDATE SET …
/// TRUNCATE dso_items_copy
/// ```
/// (The identity of the log is moved past the numbers drawn when the import commits:
/// ``PostgresSession/settleSequence()``.)
///
/// Sequence numbers are drawn under the write lock, in the order of the rows, so a pull still
/// never skips a change: the log reads exactly as if each row had been recorded by itself.
final class BulkItemWriter {
    static let batch = 2_000
    static let itemColumns = ["id", "customer_id", "number", "cleared", "kind", "issue_date", "due_date", "initial_minor", "open_minor",
                              "currency", "cleared_date", "doc", "seq"]

    private let session: PostgresSession
    private let stamp: String
    private var pending: [(item: OpenItem, payload: String)] = []
    private var existing: [UUID: [String: OpenItem]] = [:]
    private var staged = false

    init(session: PostgresSession, stamp: String) {
        self.session = session
        self.stamp = stamp
    }

    /// The stored (or already written by this import) item `number` of `customer`.
    func item(customer: UUID, number: String) throws -> OpenItem? {
        if existing[customer] == nil {
            var items: [String: OpenItem] = [:]
            for row in try session.rows("SELECT \(CentralStore.itemColumns) FROM items WHERE customer_id = ?", customer.text) {
                let item = try CentralStore.typedItem(row)
                items[item.number] = item
            }
            existing[customer] = items
        }
        return existing[customer]?[number]
    }

    /// Queues `item`'s change; writes the batch when it is full.
    func write(_ item: OpenItem) throws {
        pending.append((item, try ChangeBody.item(item).payloadJSON()))
        if existing[item.customerID] != nil { existing[item.customerID]![item.number] = item }
        if pending.count >= BulkItemWriter.batch { try flush() }
    }

    /// Writes what is queued.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let head = try session.reserveSequences(pending.count) - 1
        let kind = ChangeKind.itemUpsert.rawValue
        var changes: [[SQLValue]] = [], items: [[SQLValue]] = []
        changes.reserveCapacity(pending.count)
        items.reserveCapacity(pending.count)
        for (offset, entry) in pending.enumerated() {
            let seq = head + Int64(offset) + 1, i = entry.item
            changes.append([.integer(seq), .text(kind), .text(i.customerID.text), .text(entry.payload), .null, .null, .text(stamp)])
            items.append([.text(i.id.text), .text(i.customerID.text), .text(i.number), .integer(i.isCleared ? 1 : 0), .text(i.kind.rawValue),
                          .text(i.issueDate.description), .text(i.dueDate.description), .integer(i.initialAmount.minor),
                          .integer(i.openAmount.minor), .text(i.openAmount.currency.code), i.clearedDate.map { .text($0.description) } ?? .null,
                          .text(entry.payload), .integer(seq)])
        }
        try session.copy(into: "changes", columns: ["seq", "kind", "customer_id", "payload", "collector_from", "collector_to", "at"], rows: changes)
        if !staged {
            try session.execute("CREATE TEMP TABLE dso_items_copy (LIKE items) ON COMMIT DROP")
            staged = true
        }
        try session.copy(into: "dso_items_copy", columns: BulkItemWriter.itemColumns, rows: items)
        let columns = BulkItemWriter.itemColumns.joined(separator: ", ")
        let updates = BulkItemWriter.itemColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try session.execute("INSERT INTO items(\(columns)) SELECT \(columns) FROM dso_items_copy ON CONFLICT(id) DO UPDATE SET \(updates)")
        try session.execute("TRUNCATE dso_items_copy")
        pending.removeAll(keepingCapacity: true)
    }
}
