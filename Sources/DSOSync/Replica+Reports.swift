import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// The aging balance of the portfolio this replica holds (offline), computed by the same
    /// `DSOModel` code as `dso-server report aging`: a manager's full replica prints the same
    /// figures as the server.
    ///
    /// ```sql
    /// SELECT i.id, i.customer_id, …, c.code, c.name, c.collector FROM items i JOIN customers c ON c.id = i.customer_id
    /// WHERE i.issue_date <= :asOf AND (i.cleared_date IS NULL OR i.cleared_date > :asOf)   -- + the filter
    /// SELECT item_id, doc FROM payments     -- a past date only: payments made since are added back
    /// ```
    /// - Parameters:
    ///   - asOf: the report date; a past date uses the items open then, with the amounts open then.
    ///   - filter: collector, customer and currency to keep.
    /// - Throws: ``ReplicaError/unknownCustomer(_:)`` for a filter naming a customer this replica
    ///   does not hold; ``ReplicaError/corrupt(_:)`` for an unreadable row.
    public func agingReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> AgingReport {
        try pool.read { db in
            let filter = try Replica.canonical(filter, in: db)
            let payments = asOf < .today() ? try Replica.paymentsByItem(in: db) : [:]
            var (sql, arguments) = ("""
                SELECT \(Replica.qualifiedItemColumns), c.code, c.name, c.collector FROM items i JOIN customers c ON c.id = i.customer_id
                WHERE i.issue_date <= ? AND (i.cleared_date IS NULL OR i.cleared_date > ?)
                """, StatementArguments([asOf.description, asOf.description]))
            Replica.narrow(&sql, &arguments, filter)
            var entries: [AgingReport.Entry] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let item = try Replica.typedItem(row)
                guard let open = item.openAmount(on: asOf, payments: payments[item.id] ?? []) else { continue }
                entries.append(AgingReport.Entry(customerCode: row[10], customerName: row[11], collector: row[12],
                                                 dueDate: item.dueDate, open: open))
            }
            return AgingReport.compute(entries, asOf: asOf, filter: filter)
        }
    }

    /// ``itemColumns`` of the table aliased `i`, in the same order (for joins).
    static let qualifiedItemColumns = itemColumns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    /// The filter with its customer code as stored (`c0002` finds `C0002`).
    static func canonical(_ filter: ReportFilter, in db: Database) throws -> ReportFilter {
        guard let code = filter.customer else { return filter }
        var canonical = filter
        canonical.customer = try String.fetchOne(db, sql: "SELECT code FROM customers WHERE id = ?",
                                                 arguments: [customerID(code: code, in: db).text])
        return canonical
    }

    /// Adds the filter's conditions on `c` (customers) and `i` (items) to a query.
    static func narrow(_ sql: inout String, _ arguments: inout StatementArguments, _ filter: ReportFilter) {
        if let collector = filter.collector {
            sql += " AND c.collector = ?"
            arguments += [collector]
        }
        if let customer = filter.customer {
            sql += " AND c.code = ?"
            arguments += [customer]
        }
        if let currency = filter.currency {
            sql += " AND i.currency = ?"
            arguments += [currency.code]
        }
    }

    /// Every payment, by item.
    static func paymentsByItem(in db: Database) throws -> [UUID: [Payment]] {
        var out: [UUID: [Payment]] = [:]
        for doc in try String.fetchAll(db, sql: "SELECT doc FROM payments") {
            let payment = try Payment.fromWire(doc)
            out[payment.itemID, default: []].append(payment)
        }
        return out
    }
}
