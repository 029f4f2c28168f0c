import Foundation

extension CentralStore {
    /// One row of a snapshot page: its resume key, its sequence number and its stored payload.
    struct SnapshotRow {
        var key: String
        var seq: Int64
        var doc: String
        /// The receive time of the row's change, for facts (provenance).
        var at: String? = nil
    }

    /// The next `limit` rows of a snapshot phase after the resume key `after`, for `scope` (a
    /// collector's login) or for everyone (`nil`). Every page walks an index in order: no page
    /// sorts the portfolio.
    ///
    /// Unscoped, and for tables that are not per customer, the key is the row's primary key:
    /// ```sql
    /// SELECT id AS k, seq, doc FROM items WHERE id > ? ORDER BY id LIMIT ?
    /// SELECT id AS k, seq, doc FROM customers WHERE id > ? AND collector = ? ORDER BY id LIMIT ?  -- customers(collector, id)
    /// ```
    /// A collector's per-customer tables are walked customer by customer (`customers(collector,
    /// id)`, then `<table>(customer_id, id)`), with the key `customer id|row id`:
    /// ```sql
    /// SELECT id FROM customers WHERE collector = ? AND id > ? ORDER BY id LIMIT ?
    /// SELECT id AS k, seq, doc FROM items WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?
    /// ```
    static func snapshotRows(_ phase: SnapshotPhase, after: String, scope: String?, limit: Int,
                             in db: some SQLSession) throws -> [SnapshotRow] {
        if let scope, phase.isPerCustomer {
            return try scopedRows(phase, after: after, scope: scope, limit: limit, in: db)
        }
        var sql = "SELECT \(phase.key) AS k, seq, doc\(phase.carriesReceiveTime ? CentralStore.receiveTime : "") FROM \(phase.table) t WHERE \(phase.key) > ?"
        var arguments: [any SQLArgument] = [after]
        if let scope, phase == .customers {
            sql += " AND collector = ?"
            arguments.append(scope)
        }
        if let scope, phase == .conflicts || phase == .conflictResolutions {
            // Her customers' conflicts, and those addressed to her (she may no longer hold the customer).
            sql += " AND (addressee = ? OR customer_id IN (SELECT id FROM customers WHERE collector = ?))"
            arguments += [scope, scope] as [any SQLArgument]
        }
        sql += " ORDER BY \(phase.key) LIMIT ?"
        arguments.append(limit)
        return try db.rows(sql, arguments).map { row in
            SnapshotRow(key: try row.text(0), seq: row.get(1) ?? 0, doc: try row.text(2), at: phase.carriesReceiveTime ? row.get(3) : nil)
        }
    }

    /// The column a fact's row adds for its receive time: one lookup of its change by `seq`.
    static let receiveTime = ", (SELECT at FROM changes WHERE changes.seq = t.seq) AS at"

    /// A collector's rows of a per-customer table, customer by customer in id order.
    ///
    /// A key without the `|` separator (a cursor issued before keys had it) restarts the phase:
    /// snapshot rows are upserts, so sending some again is harmless.
    private static func scopedRows(_ phase: SnapshotPhase, after: String, scope: String, limit: Int,
                                   in db: some SQLSession) throws -> [SnapshotRow] {
        var customer = ""
        var rows: [SnapshotRow] = []
        if let bar = after.firstIndex(of: "|") {
            customer = String(after[..<bar])
            rows = try customerRows(phase, customer: customer, after: String(after[after.index(after: bar)...]),
                                    limit: limit, in: db)
        }
        while rows.count < limit {
            let next = try db.values("SELECT id FROM customers WHERE collector = ? AND id > ? ORDER BY id LIMIT ?", scope, customer, 256,
                                     as: String.self)
            for id in next where rows.count < limit {
                rows += try customerRows(phase, customer: id, after: "", limit: limit - rows.count, in: db)
            }
            guard next.count == 256, let last = next.last else { break }
            customer = last
        }
        return rows
    }

    /// One customer's rows of a per-customer table after row id `after`, keyed `customer id|row id`.
    ///
    /// ```sql
    /// SELECT id, seq, doc FROM items WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?
    /// ```
    static func customerRows(_ phase: SnapshotPhase, customer: String, after: String, limit: Int,
                             in db: some SQLSession) throws -> [SnapshotRow] {
        try db.rows("""
            SELECT id, seq, doc\(phase.carriesReceiveTime ? receiveTime : "") FROM \(phase.table) t WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?
            """, customer, after, limit).map { row in
            SnapshotRow(key: customer + "|" + (try row.text(0)), seq: row.get(1) ?? 0, doc: try row.text(2),
                        at: phase.carriesReceiveTime ? row.get(3) : nil)
        }
    }
}
