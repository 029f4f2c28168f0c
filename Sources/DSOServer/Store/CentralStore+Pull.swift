import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A page of a pull, already in wire form: payloads are spliced from the stored JSON, never
/// decoded and re-encoded.
public struct PullPage: Sendable {
    public var body: Data
    public var count: Int
    public var more: Bool
}

/// Thrown for a cursor the server did not issue.
public struct InvalidCursor: Error {}

extension CentralStore {
    /// One page of changes in `user`'s scope after `cursor` (`nil` = a new replica: snapshot first).
    ///
    /// Scope is the caller's **at the time of this pull**: a collector receives rows of the
    /// customers assigned to her now, plus a `customer.remove` for each customer that left her
    /// portfolio. An old entry of a customer into her portfolio is expanded into the customer's
    /// current rows only if the customer is still hers. The cursor must be one this store issued
    /// to this user (``InvalidCursor`` otherwise).
    ///
    /// Log page, for a collector:
    /// ```sql
    /// SELECT seq, kind, customer_id, payload, collector_from, collector_to,
    ///     customer_id IN (SELECT id FROM customers WHERE collector = ?) AS in_scope
    /// FROM changes
    /// WHERE seq > ? AND (customer_id IS NULL
    ///     OR customer_id IN (SELECT id FROM customers WHERE collector = ?)
    ///     OR collector_from = ? OR collector_to = ?)
    /// ORDER BY seq LIMIT ?
    /// ```
    public func pull(after token: String?, limit: Int, for user: User, now: Date = Date()) async throws -> PullPage {
        let cursor: PullCursor
        var mark: String?
        if let token {
            guard let (parsed, parsedMark) = PullCursor.parse(token: token, server: serverID, user: user, key: cursorKey) else { throw InvalidCursor() }
            cursor = parsed
            mark = parsedMark
        } else {
            cursor = .snapshot(highWater: -1, phase: .statuses, after: "")
        }
        let server = serverID
        let key = cursorKey
        let claimed = mark
        if case .log = cursor { ServerMetric.pullPage("log") } else { ServerMetric.pullPage("snapshot") }
        return try await backend.read { db in
            let head = try CentralStore.head(in: db)
            // A store restored from a backup may have issued this position again, to another change.
            if let claimed, cursor.position <= head, try claimed != CentralStore.mark(of: cursor.position, in: db) { throw InvalidCursor() }
            func issue(_ cursor: PullCursor) throws -> String {
                cursor.token(server: server, user: user, key: key, mark: try CentralStore.mark(of: cursor.position, in: db))
            }
            var writer = PageWriter()
            let scope = user.role.seesEverything ? nil : user.login
            switch cursor {
            case .snapshot(var highWater, var phase, var after):
                if highWater < 0 { highWater = head }
                // A position past the head was not issued by this store's history.
                guard highWater <= head else { throw InvalidCursor() }
                while writer.count < limit {
                    let wanted = limit - writer.count
                    let rows = try CentralStore.snapshotRows(phase, after: after, scope: scope, limit: wanted, in: db)
                    for row in rows { writer.append(seq: row.seq, kind: phase.kind(key: row.key), payload: row.doc, at: row.at) }
                    if let last = rows.last, rows.count == wanted {
                        after = last.key
                        continue
                    }
                    guard let next = phase.next else {
                        // Snapshot done: more only if the log moved on since it started.
                        let more = try !CentralStore.logRows(after: highWater, scope: scope, limit: 1, in: db).isEmpty
                        return writer.finish(next: try issue(.log(after: highWater)), more: more, snapshot: true, now: now)
                    }
                    phase = next
                    after = ""
                }
                return writer.finish(next: try issue(.snapshot(highWater: highWater, phase: phase, after: after)),
                                     more: true, snapshot: true, now: now)
            case .log(let after):
                guard after <= head else { throw InvalidCursor() }
                let plan = try scope.map { try CentralStore.logPlan(after: after, head: head, scope: $0, in: db) } ?? .scan
                let rows = try CentralStore.logRows(after: after, scope: scope, limit: limit + 1, plan: plan, in: db)
                var last = after
                for row in rows.prefix(limit) {
                    last = row.seq
                    try CentralStore.emit(row, for: scope, into: &writer, in: db)
                }
                return writer.finish(next: try issue(.log(after: last)), more: rows.count > limit, snapshot: false, now: now)
            }
        }
    }

    struct LogRow {
        var seq: Int64
        var kind: String
        var customerID: String?
        var payload: String
        var collectorFrom: String?
        var collectorTo: String?
        /// Whether the row's customer is in the caller's scope now (always true when unscoped).
        var inScopeNow: Bool
        /// The server's receive time.
        var at: String
    }

    /// How a collector's log page finds her rows.
    enum LogPlan {
        /// Walk every change after the cursor and keep hers: cheapest when the cursor is near
        /// the head (a long-poll, a daily sync).
        case scan
        /// Seek her customers' changes (`changes(customer_id, seq)`), the central ones and the
        /// reassignments naming her, and merge them: cheapest when many other collectors'
        /// changes lie after the cursor (a fan-in of a thousand replicas).
        case seek
    }

    /// The plan whose cost is smaller: the changes to walk after `after`, against a few seeks per
    /// customer of the portfolio.
    static func logPlan(after: Int64, head: Int64, scope: String, in db: some SQLSession) throws -> LogPlan {
        let tail = head - after
        guard tail > 256 else { return .scan }
        let customers: Int = try db.value("SELECT count(*) FROM customers WHERE collector = ?", scope) ?? 0
        return tail > Int64(customers) * 8 ? .seek : .scan
    }

    static func logRows(after: Int64, scope: String?, limit: Int, plan: LogPlan = .scan, in db: some SQLSession) throws -> [LogRow] {
        let rows: [SQLRow]
        if let scope, plan == .seek {
            rows = try db.rows("""
                SELECT * FROM (
                    SELECT seq, kind, customer_id, payload, collector_from, collector_to, 1 AS in_scope, at FROM changes
                    WHERE customer_id IN (SELECT id FROM customers WHERE collector = ?) AND seq > ?
                    UNION ALL
                    SELECT seq, kind, customer_id, payload, collector_from, collector_to, 1, at FROM changes
                    WHERE customer_id IS NULL AND seq > ?
                    UNION ALL
                    SELECT seq, kind, customer_id, payload, collector_from, collector_to, 0, at FROM changes
                    WHERE collector_from = ? AND seq > ?
                        AND customer_id NOT IN (SELECT id FROM customers WHERE collector = ?)
                    UNION ALL
                    SELECT seq, kind, customer_id, payload, collector_from, collector_to, 0, at FROM changes
                    WHERE collector_to = ? AND seq > ? AND \(db.dialect.distinct("collector_from", "?"))
                        AND customer_id NOT IN (SELECT id FROM customers WHERE collector = ?)) AS page
                ORDER BY seq LIMIT ?
                """, scope, after, after, scope, after, scope, scope, after, scope, scope, limit)
        } else if let scope {
            rows = try db.rows("""
                SELECT seq, kind, customer_id, payload, collector_from, collector_to,
                    customer_id IN (SELECT id FROM customers WHERE collector = ?) AS in_scope, at
                FROM changes
                WHERE seq > ? AND (customer_id IS NULL
                    OR customer_id IN (SELECT id FROM customers WHERE collector = ?)
                    OR collector_from = ? OR collector_to = ?)
                ORDER BY seq LIMIT ?
                """, scope, after, scope, scope, scope, limit)
        } else {
            rows = try db.rows("""
                SELECT seq, kind, customer_id, payload, collector_from, collector_to, 1 AS in_scope, at FROM changes
                WHERE seq > ? ORDER BY seq LIMIT ?
                """, after, limit)
        }
        return try rows.map { row in
            guard let seq = row.get(0, as: Int64.self), let kind = row.get(1, as: String.self), let payload = row.get(3, as: String.self),
                  let at = row.get(7, as: String.self) else { throw CorruptRow(table: "changes", key: row.get(0) ?? "?") }
            let customerID = row.get(2, as: String.self)
            return LogRow(seq: seq, kind: kind, customerID: customerID, payload: payload,
                          collectorFrom: row.get(4), collectorTo: row.get(5),
                          inScopeNow: customerID == nil || row.get(6, as: Bool.self) == true, at: at)
        }
    }

    /// Writes one log row as the caller must see it **now**. A customer that left a collector's
    /// scope becomes `customer.remove`; an entry into her scope brings the customer's current
    /// rows along, but only if the customer is still hers (otherwise its removal follows later in
    /// the log, and its rows are someone else's); any other row of a customer no longer in scope
    /// is withheld.
    static func emit(_ row: LogRow, for scope: String?, into writer: inout PageWriter, in db: some SQLSession) throws {
        guard let scope, let customerID = row.customerID else {
            writer.append(seq: row.seq, kind: row.kind, payload: row.payload, at: row.at)
            return
        }
        if row.kind == ChangeKind.customerUpsert.rawValue, row.collectorFrom != row.collectorTo {
            if row.collectorTo == scope {
                guard row.inScopeNow else { return }
                writer.append(seq: row.seq, kind: row.kind, payload: row.payload, at: row.at)
                for phase in [SnapshotPhase.contacts, .items, .qualifications, .actionEvents, .payments, .contactEdits,
                              .conflicts, .conflictResolutions] {
                    for item in try customerRows(phase, customer: customerID, after: "", limit: Int.max, in: db) {
                        writer.append(seq: item.seq, kind: phase.kind, payload: item.doc, at: item.at)
                    }
                }
                return
            }
            if row.collectorFrom == scope {
                let removal = CustomerRemoval(customerID: UUID(text: customerID)!, reason: row.collectorTo == nil ? "unassigned" : "reassigned")
                writer.append(seq: row.seq, kind: ChangeKind.customerRemove.rawValue, payload: try removal.wireJSON(), at: row.at)
                return
            }
        }
        if row.inScopeNow || (row.collectorTo == scope && CentralStore.addressedKinds.contains(row.kind)) {
            writer.append(seq: row.seq, kind: row.kind, payload: row.payload, at: row.at)
        }
    }

    /// Kinds addressed to a user (`collector_to`) who receives them even without the customer:
    /// conflicts and their resolutions reach the author of the losing or refused side.
    static let addressedKinds: Set<String> = [ChangeKind.conflictAdd.rawValue, ChangeKind.conflictResolve.rawValue]
}

/// Builds a ``PullResponse`` document by splicing stored JSON payloads, with keys in the same
/// sorted order `WireJSON` uses.
struct PageWriter {
    private(set) var count = 0
    private var buffer = Data("{\"changes\":[".utf8)

    /// `at`: the receive time of the row's change, as stored (RFC 3339), when the page carries it.
    mutating func append(seq: Int64, kind: String, payload: String, at: String? = nil) {
        if count > 0 { buffer.append(UInt8(ascii: ",")) }
        if let at {
            buffer.append(contentsOf: Array("{\"at\":\"\(at)\",\"kind\":\"\(kind)\",\"payload\":".utf8))
        } else {
            buffer.append(contentsOf: Array("{\"kind\":\"\(kind)\",\"payload\":".utf8))
        }
        buffer.append(contentsOf: Array(payload.utf8))
        buffer.append(contentsOf: Array(",\"seq\":\(seq)}".utf8))
        count += 1
    }

    func finish(next: String, more: Bool, snapshot: Bool, now: Date) -> PullPage {
        var body = buffer
        body.append(contentsOf: Array("],\"more\":\(more),\"next\":\"\(next)\",\"serverTime\":\"\(WireJSON.formatTimestamp(now))\",\"snapshot\":\(snapshot)}".utf8))
        return PullPage(body: body, count: count, more: more)
    }
}

extension CentralStore {
    /// The token of `cursor` for `user`, as a pull would issue it (tests and tools).
    func cursor(_ cursor: PullCursor, for user: User) throws -> String {
        let mark = try backend.readNow { db in try CentralStore.mark(of: cursor.position, in: db) }
        return cursor.token(server: serverID, user: user, key: cursorKey, mark: mark)
    }

    /// The fingerprint of the change at `seq`: its receive time, without colons (`""` for the
    /// start of the log). Two stores that share a history give the same; a store restored from
    /// a backup gives another to the change it numbers `seq` anew.
    ///
    /// ```sql
    /// SELECT at FROM changes WHERE seq = ?
    /// ```
    static func mark(of seq: Int64, in db: some SQLSession) throws -> String {
        guard seq > 0 else { return "" }
        let at = try db.value("SELECT at FROM changes WHERE seq = ?", seq, as: String.self) ?? "-"
        return at.filter { $0 != ":" }
    }
}
