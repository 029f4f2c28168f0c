import DSOModel
import Foundation
import GRDB

/// One customer and its open and overdue amounts in one currency (a customer with items in two
/// currencies has two; one with none has one without amounts).
public struct CustomerSummary: Sendable, Hashable {
    public var code: String
    public var name: String
    public var collector: String?
    public var currency: CurrencyCode?
    public var openMinor: Int64
    public var overdueMinor: Int64
    public var openItems: Int
}

extension CentralStore {
    /// Every customer with its open and overdue amounts per currency on `asOf`, by code: what
    /// the console's customer search filters (in memory) and pages.
    ///
    /// ```sql
    /// SELECT c.code, json_extract(c.doc, '$.name'), c.collector, o.currency, o.open_minor, o.overdue_minor, o.items
    /// FROM customers c LEFT JOIN (SELECT customer_id, currency, sum(open_minor) AS open_minor,
    ///   sum(CASE WHEN due_date < ? THEN open_minor ELSE 0 END) AS overdue_minor, count(*) AS items
    ///   FROM items WHERE cleared = 0 GROUP BY customer_id, currency) o ON o.customer_id = c.id
    /// ORDER BY c.code
    /// ```
    public func customerSummaries(asOf: BusinessDate) async throws -> [CustomerSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.code, json_extract(c.doc, '$.name') AS name, c.collector, o.currency, o.open_minor, o.overdue_minor, o.items
                FROM customers c LEFT JOIN (SELECT customer_id, currency, sum(open_minor) AS open_minor,
                  sum(CASE WHEN due_date < ? THEN open_minor ELSE 0 END) AS overdue_minor, count(*) AS items
                  FROM items WHERE cleared = 0 GROUP BY customer_id, currency) o ON o.customer_id = c.id
                ORDER BY c.code
                """, arguments: [asOf.description]).map { row in
                CustomerSummary(code: row["code"], name: row["name"] ?? "", collector: row["collector"],
                                currency: (row["currency"] as String?).flatMap { CurrencyCode($0) },
                                openMinor: row["open_minor"] ?? 0, overdueMinor: row["overdue_minor"] ?? 0, openItems: row["items"] ?? 0)
            }
        }
    }

    /// The codes of the customers with at least one open item whose current status is `status`.
    ///
    /// ```sql
    /// SELECT DISTINCT c.code FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id
    /// JOIN items i ON i.id = ic.item_id JOIN customers c ON c.id = i.customer_id
    /// WHERE i.cleared = 0 AND json_extract(q.doc, '$.statusCode') = ?
    /// ```
    public func customerCodes(withOpenItemIn status: String) async throws -> Set<String> {
        try await pool.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT c.code FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id
                JOIN items i ON i.id = ic.item_id JOIN customers c ON c.id = i.customer_id
                WHERE i.cleared = 0 AND json_extract(q.doc, '$.statusCode') = ?
                """, arguments: [status]))
        }
    }
}
