import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// The aging balance of the whole book (or the filter's part), computed by the same
    /// `DSOModel` code as a replica's `dso report aging`.
    ///
    /// ```sql
    /// SELECT i.id, i.customer_id, …, c.code, json_extract(c.doc, '$.name'), c.collector
    /// FROM items i JOIN customers c ON c.id = i.customer_id
    /// WHERE i.issue_date <= :asOf AND (i.cleared_date IS NULL OR i.cleared_date > :asOf)   -- + the filter
    /// SELECT item_id, doc FROM payments     -- a past date only: payments made since are added back
    /// ```
    public func agingReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> AgingReport {
        try pool.read { db in
            var payments: [UUID: [Payment]] = [:]
            if asOf < .today() {
                for doc in try String.fetchAll(db, sql: "SELECT doc FROM payments") {
                    let payment = try Payment.fromWire(doc)
                    payments[payment.itemID, default: []].append(payment)
                }
            }
            var sql = """
                SELECT \(CentralStore.itemColumns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespaces) }
                    .joined(separator: ", ")), c.code, json_extract(c.doc, '$.name'), c.collector
                FROM items i JOIN customers c ON c.id = i.customer_id
                WHERE i.issue_date <= ? AND (i.cleared_date IS NULL OR i.cleared_date > ?)
                """
            var arguments: StatementArguments = [asOf.description, asOf.description]
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
            var entries: [AgingReport.Entry] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let item = try CentralStore.typedItem(row)
                guard let open = item.openAmount(on: asOf, payments: payments[item.id] ?? []) else { continue }
                entries.append(AgingReport.Entry(customerCode: row[10], customerName: row[11], collector: row[12],
                                                 dueDate: item.dueDate, open: open))
            }
            return AgingReport.compute(entries, asOf: asOf, filter: filter)
        }
    }
}
