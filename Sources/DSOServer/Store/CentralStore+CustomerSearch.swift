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
        let day = asOf.description
        return try await backend.read { db in
            try db.rows("""
                SELECT c.code, \(db.dialect.jsonText("c.doc", "name")) AS name, c.collector, o.currency, o.open_minor, o.overdue_minor, o.items
                FROM customers c LEFT JOIN (SELECT customer_id, currency, sum(open_minor) AS open_minor,
                  sum(CASE WHEN due_date < ? THEN open_minor ELSE 0 END) AS overdue_minor, count(*) AS items
                  FROM items WHERE cleared = 0 GROUP BY customer_id, currency) o ON o.customer_id = c.id
                ORDER BY c.code
                """, day).map { row in
                CustomerSummary(code: try row.text(0), name: row.get(1) ?? "", collector: row.get(2),
                                currency: row.get(3, as: String.self).flatMap { CurrencyCode($0) },
                                openMinor: row.get(4) ?? 0, overdueMinor: row.get(5) ?? 0, openItems: row.get(6) ?? 0)
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
        try await backend.read { db in
            Set(try db.values("""
                SELECT DISTINCT c.code FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id
                JOIN items i ON i.id = ic.item_id JOIN customers c ON c.id = i.customer_id
                WHERE i.cleared = 0 AND \(db.dialect.jsonText("q.doc", "statusCode")) = ?
                """, status, as: String.self))
        }
    }
}
