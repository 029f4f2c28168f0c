import DSOModel
import Foundation
import GRDB

/// What the console's customer search asks for. Every field narrows; `nil` means any.
public struct CustomerSearch: Sendable, Hashable {
    /// Part of the code or of the name, any case.
    public var text: String?
    /// The collector's login (the caller's own for a collector).
    public var collector: String?
    /// Customers with at least one open item whose current status is this code.
    public var status: String?
    /// Customers whose overdue amount in one currency is at least this many units of it
    /// (`1000`: 1,000.00 EUR, 1,000 JPY).
    public var minimumOverdue: Double?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, collector: String? = nil, status: String? = nil, minimumOverdue: Double? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.text = text
        self.collector = collector
        self.status = status
        self.minimumOverdue = minimumOverdue
        self.limit = limit
        self.offset = offset
    }
}

/// One line of the customer search: a customer and its open and overdue amounts in one
/// currency (a customer with items in two currencies has two lines; one with none has one line
/// without amounts).
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
    /// The customers matching `search`, the most overdue first, one page; and how many lines
    /// match in all.
    ///
    /// ```sql
    /// WITH open AS (SELECT customer_id, currency, sum(open_minor) AS open_minor,
    ///   sum(CASE WHEN due_date < ? THEN open_minor ELSE 0 END) AS overdue_minor, count(*) AS items
    ///   FROM items WHERE cleared = 0 GROUP BY customer_id, currency)
    /// SELECT c.code, json_extract(c.doc, '$.name'), c.collector, o.currency, o.open_minor, o.overdue_minor, o.items
    /// FROM customers c LEFT JOIN open o ON o.customer_id = c.id WHERE 1 AND … ORDER BY o.overdue_minor DESC, c.code LIMIT ? OFFSET ?
    /// ```
    public func searchCustomers(_ search: CustomerSearch, asOf: BusinessDate) async throws -> (lines: [CustomerSummary], total: Int) {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = [asOf.description]
        if let text = search.text, !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("(c.code LIKE ? ESCAPE '\\' OR json_extract(c.doc, '$.name') LIKE ? ESCAPE '\\')")
            arguments += [pattern, pattern]
        }
        if let collector = search.collector {
            conditions.append("c.collector = ?")
            arguments.append(collector)
        }
        if let status = search.status {
            conditions.append("""
                EXISTS (SELECT 1 FROM items i JOIN item_current ic ON ic.item_id = i.id JOIN qualifications q ON q.id = ic.qualification_id
                WHERE i.customer_id = c.id AND i.cleared = 0 AND json_extract(q.doc, '$.statusCode') = ?)
                """)
            arguments.append(status)
        }
        if let minimum = search.minimumOverdue {
            let list = { (codes: [String]) in codes.map { "'\($0)'" }.joined(separator: ",") }
            conditions.append("""
                o.overdue_minor >= ? * CASE WHEN o.currency IN (\(list(CurrencyCode.withoutMinorUnits))) THEN 1
                WHEN o.currency IN (\(list(CurrencyCode.withThousandths))) THEN 1000 ELSE 100 END
                """)
            arguments.append(minimum)
        }
        let base = """
            WITH open AS (SELECT customer_id, currency, sum(open_minor) AS open_minor,
              sum(CASE WHEN due_date < ? THEN open_minor ELSE 0 END) AS overdue_minor, count(*) AS items
              FROM items WHERE cleared = 0 GROUP BY customer_id, currency)
            SELECT %@ FROM customers c LEFT JOIN open o ON o.customer_id = c.id WHERE 1
            """ + conditions.map { " AND " + $0 }.joined()
        let countArguments = StatementArguments(arguments.map { $0.databaseValue })
        let pageArguments = StatementArguments((arguments + [search.limit, search.offset]).map { $0.databaseValue })
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: base.replacingOccurrences(of: "%@", with: "count(*)"),
                                         arguments: countArguments) ?? 0
            let rows = try Row.fetchAll(db, sql: base.replacingOccurrences(of: "%@", with: """
                c.code, json_extract(c.doc, '$.name') AS name, c.collector, o.currency, o.open_minor, o.overdue_minor, o.items
                """) + " ORDER BY coalesce(o.overdue_minor, 0) DESC, c.code LIMIT ? OFFSET ?",
                arguments: pageArguments)
            let lines = rows.map { row in
                CustomerSummary(code: row["code"], name: row["name"] ?? "", collector: row["collector"],
                                currency: (row["currency"] as String?).flatMap { CurrencyCode($0) },
                                openMinor: row["open_minor"] ?? 0, overdueMinor: row["overdue_minor"] ?? 0, openItems: row["items"] ?? 0)
            }
            return (lines, total)
        }
    }
}
