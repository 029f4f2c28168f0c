import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The customers of the portfolio, by code, with open and overdue balances on `today`.
    ///
    /// ```sql
    /// WITH page AS (SELECT id, doc, code FROM customers [WHERE collector = ?] ORDER BY code LIMIT ?)
    /// SELECT p.id, p.doc, i.currency, COUNT(i.id), SUM(i.open_minor), ... FROM page p
    /// LEFT JOIN items i ON i.customer_id = p.id AND i.cleared = 0 GROUP BY p.id, i.currency ORDER BY p.code
    /// ```
    ///
    /// - Parameters:
    ///   - collector: only this collector's customers.
    ///   - limit: at most this many customers (the first screen); `nil` for all.
    public func customers(collector: String? = nil, today: BusinessDate = .today(), limit: Int? = nil) throws -> [CustomerSummary] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH page AS (SELECT id, doc, code FROM customers\(collector == nil ? "" : " WHERE collector = ?") ORDER BY code LIMIT ?)
                SELECT p.id, p.doc, i.currency,
                       COUNT(i.id) AS open_count, COALESCE(SUM(i.open_minor), 0) AS open_minor,
                       COALESCE(SUM(CASE WHEN i.due_date < ? THEN 1 ELSE 0 END), 0) AS overdue_count,
                       COALESCE(SUM(CASE WHEN i.due_date < ? THEN i.open_minor ELSE 0 END), 0) AS overdue_minor
                FROM page p LEFT JOIN items i ON i.customer_id = p.id AND i.cleared = 0
                GROUP BY p.id, i.currency ORDER BY p.code, i.currency
                """, arguments: StatementArguments(collector.map { [$0] } ?? []) + [limit ?? -1, today.description, today.description])
            var out: [CustomerSummary] = []
            for row in rows {
                let id: String = row["id"]
                if out.last?.customer.id.text != id {
                    out.append(CustomerSummary(customer: try Customer.fromWire(row["doc"]), openItems: 0, overdueItems: 0,
                                               openAmounts: [], overdueAmounts: []))
                }
                guard let currency = (row["currency"] as String?).flatMap(CurrencyCode.init) else { continue }
                out[out.count - 1].openItems += row["open_count"] as Int
                out[out.count - 1].overdueItems += row["overdue_count"] as Int
                out[out.count - 1].openAmounts.append(Money(minor: row["open_minor"], currency: currency))
                out[out.count - 1].overdueAmounts.append(Money(minor: row["overdue_minor"], currency: currency))
            }
            return out
        }
    }

    /// How many customers ``customers(collector:today:limit:)`` would list without a limit.
    ///
    /// ```sql
    /// SELECT COUNT(*) FROM customers [WHERE collector = ?]
    /// ```
    public func customerCount(collector: String? = nil) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers" + (collector == nil ? "" : " WHERE collector = ?"),
                             arguments: StatementArguments(collector.map { [$0] } ?? [])) ?? 0
        }
    }

    /// Open items with their current status, oldest due date first.
    ///
    /// ```sql
    /// SELECT i.id, i.customer_id, i.number, ..., q.doc, q.state, s.name FROM items i
    /// JOIN customers c ON c.id = i.customer_id
    /// LEFT JOIN item_current ic ON ic.item_id = i.id LEFT JOIN qualifications q ON q.id = ic.qualification_id
    /// LEFT JOIN statuses s ON s.code = q.status_code
    /// WHERE i.cleared = 0 [AND i.customer_id = ?] [AND i.due_date < ?]
    ///     [AND i.customer_id IN (SELECT id FROM customers WHERE collector = ?)]
    /// ORDER BY i.due_date, c.code, i.number LIMIT ?
    /// ```
    ///
    /// - Parameters:
    ///   - customerCode: only this customer's items.
    ///   - overdueOnly: only items past due on `today`.
    ///   - collector: only the items of this collector's customers.
    ///   - limit: at most this many items (the first screen); `nil` for all.
    public func items(customerCode: String? = nil, overdueOnly: Bool = false, collector: String? = nil, today: BusinessDate = .today(),
                      limit: Int? = nil) throws -> [ItemView] {
        try pool.read { db in
            let (filter, arguments) = try Replica.itemFilter(customerCode: customerCode, overdueOnly: overdueOnly, collector: collector,
                                                             today: today, in: db)
            return try Row.fetchAll(db, sql: Replica.itemSelect + filter + " ORDER BY i.due_date, c.code, i.number LIMIT ?",
                                    arguments: arguments + [limit ?? -1]).map { try Replica.itemView($0, today: today) }
        }
    }

    /// How many items ``items(customerCode:overdueOnly:collector:today:limit:)`` would list without a limit.
    public func itemCount(customerCode: String? = nil, overdueOnly: Bool = false, collector: String? = nil,
                          today: BusinessDate = .today()) throws -> Int {
        try pool.read { db in
            let (filter, arguments) = try Replica.itemFilter(customerCode: customerCode, overdueOnly: overdueOnly, collector: collector,
                                                             today: today, in: db)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items i" + filter,
                                    arguments: arguments) ?? 0
        }
    }

    static func itemFilter(customerCode: String?, overdueOnly: Bool, collector: String?, today: BusinessDate,
                           in db: Database) throws -> (String, StatementArguments) {
        var sql = " WHERE i.cleared = 0"
        var arguments: StatementArguments = []
        if let customerCode { sql += " AND i.customer_id = ?"; arguments += [try Replica.customerID(code: customerCode, in: db).text] }
        if overdueOnly { sql += " AND i.due_date < ?"; arguments += [today.description] }
        if let collector { sql += " AND i.customer_id IN (SELECT id FROM customers WHERE collector = ?)"; arguments += [collector] }
        return (sql, arguments)
    }

    /// The columns an ``ItemView`` is read from: the item's typed columns first (``typedItem(_:)``).
    static let itemSelect = """
        SELECT i.id, i.customer_id, i.number, i.kind, i.issue_date, i.due_date, i.initial_minor, i.open_minor, i.currency,
               i.cleared_date, c.code, c.name, q.doc AS current, q.state, s.doc AS status FROM items i
        JOIN customers c ON c.id = i.customer_id
        LEFT JOIN item_current ic ON ic.item_id = i.id
        LEFT JOIN qualifications q ON q.id = ic.qualification_id
        LEFT JOIN statuses s ON s.code = q.status_code
        """

    /// One item (open or cleared) by its number or id.
    public func item(_ reference: String, today: BusinessDate = .today()) throws -> ItemView {
        try pool.read { db in
            let id = try Replica.resolveItem(reference, in: db)
            guard let row = try Row.fetchOne(db, sql: Replica.itemSelect + " WHERE i.id = ?", arguments: [id.text]) else {
                throw ReplicaError.unknownItem(reference)
            }
            return try Replica.itemView(row, today: today)
        }
    }

    static func itemView(_ row: Row, today: BusinessDate) throws -> ItemView {
        let item = try typedItem(row)
        let status = try (row["status"] as String?).map(Status.fromWire)
        return ItemView(item: item, customerCode: row["code"], customerName: row["name"], overdueDays: item.overdueDays(on: today),
                        current: try (row["current"] as String?).map(Qualification.fromWire), statusName: status?.name,
                        currentState: (row["state"] as String?).flatMap(SyncState.init(rawValue:)))
    }

    /// An item's id from its UUID, or from its number as printed on the invoice (exact, else
    /// case-insensitive) when exactly one item has it.
    static func resolveItem(_ reference: String, in db: Database) throws -> UUID {
        if let id = UUID(text: reference),
           try Bool.fetchOne(db, sql: "SELECT 1 FROM items WHERE id = ?", arguments: [id.text]) == true {
            return id
        }
        var rows = try Row.fetchAll(db, sql: """
            SELECT i.id, c.code FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.number = ?
            """, arguments: [reference])
        if rows.isEmpty {
            // `inv-2026-000026` finds INV-2026-000026 when no other item matches it that way.
            rows = try Row.fetchAll(db, sql: """
                SELECT i.id, c.code FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.number = ? COLLATE NOCASE
                """, arguments: [reference])
        }
        guard let first = rows.first else { throw ReplicaError.unknownItem(reference) }
        guard rows.count == 1 else { throw ReplicaError.ambiguousItem(reference, customers: rows.map { $0["code"] }) }
        return UUID(text: first["id"])!
    }

    /// Every qualification of an item, oldest first, with its sync state.
    public func history(of reference: String) throws -> [HistoryEntry] {
        try pool.read { db in
            let id = try Replica.resolveItem(reference, in: db)
            let current = try String.fetchOne(db, sql: "SELECT qualification_id FROM item_current WHERE item_id = ?", arguments: [id.text])
            let rows = try Row.fetchAll(db, sql: """
                SELECT q.id, q.doc, q.seq, q.state, q.reject_code, q.reject_detail, q.received_at, s.doc AS status
                FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
                LEFT JOIN statuses s ON s.code = q.status_code
                WHERE qi.item_id = ?
                """, arguments: [id.text])
            let entries = try rows.map { row in
                HistoryEntry(qualification: try Qualification.fromWire(row["doc"]),
                             statusName: try (row["status"] as String?).map(Status.fromWire)?.name,
                             state: SyncState(rawValue: row["state"]) ?? .pending, seq: row["seq"],
                             rejectionCode: row["reject_code"], rejectionDetail: row["reject_detail"],
                             isCurrent: (row["id"] as String) == current,
                             receivedAt: (row["received_at"] as String?).flatMap(WireJSON.parseTimestamp))
            }
            var sorted = entries.sorted { $0.qualification.precedes($1.qualification) }
            // Each one that counted was overridden by the next one that counts.
            var next: UUID?
            for index in sorted.indices.reversed() where sorted[index].state != .rejected {
                sorted[index].overriddenBy = next
                next = sorted[index].qualification.id
            }
            return sorted
        }
    }

    /// The users the server sent (login, name, role): the logins a dispute's resolver may name.
    ///
    /// ```sql
    /// SELECT doc FROM users ORDER BY login
    /// ```
    public func users() throws -> [UserProfile] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT doc FROM users ORDER BY login").map(UserProfile.fromWire) }
    }

    /// Whether the first download of the portfolio finished. A first sync interrupted (Ctrl-C,
    /// a lost network) leaves a replica that holds only part of the portfolio: read it only once
    /// this is `true`; ``sync(client:retry:pageSize:progress:)`` finishes the download.
    public func isDownloadComplete() throws -> Bool {
        try pool.read { db in try Replica.meta("downloaded", in: db) == "1" }
    }

    /// The status catalogue, by type then code.
    public func statuses() throws -> [Status] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM statuses").map(Status.fromWire)
                .sorted { ($0.type.sortIndex, $0.code) < ($1.type.sortIndex, $1.code) }
        }
    }

    /// Facts the server refused, newest first, so their authors can act on them.
    public func rejected() throws -> [HistoryEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT doc, reject_code, reject_detail FROM qualifications WHERE state = 'rejected' ORDER BY id DESC")
                .map { row in
                    HistoryEntry(qualification: try Qualification.fromWire(row["doc"]), statusName: nil, state: .rejected, seq: nil,
                                 rejectionCode: row["reject_code"], rejectionDetail: row["reject_detail"], isCurrent: false)
                }
        }
    }

    /// Server, pending work and last sync.
    public func status() throws -> ReplicaStatus {
        try pool.read { db in
            ReplicaStatus(
                replicaID: id, account: try Replica.account(in: db),
                pendingChanges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0,
                rejectedChanges: try Int.fetchOne(db, sql: """
                    SELECT (SELECT COUNT(*) FROM qualifications WHERE state = 'rejected')
                         + (SELECT COUNT(*) FROM action_events WHERE state = 'rejected')
                         + (SELECT COUNT(*) FROM contact_edits WHERE state = 'rejected')
                    """) ?? 0,
                lastSync: try Replica.meta("last_sync", in: db).flatMap(WireJSON.parseTimestamp),
                customers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0,
                openItems: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items WHERE cleared = 0") ?? 0,
                downloadComplete: try Replica.meta("downloaded", in: db) == "1",
                clockOffset: try Replica.meta("clock_offset_ms", in: db).flatMap(Double.init).map { $0 / 1000 })
        }
    }

    /// Changes waiting to be pushed.
    public func pendingCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }
}

extension StatusType {
    var sortIndex: Int { StatusType.allCases.firstIndex(of: self)! }
}
