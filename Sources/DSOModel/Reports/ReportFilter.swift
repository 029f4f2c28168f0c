/// Which part of the book a report covers. Every field narrows; `nil` means no restriction.
/// A replica's reports cover at most the portfolio it holds.
public struct ReportFilter: Codable, Hashable, Sendable {
    /// A collector's login: her customers only.
    public var collector: String?
    /// One customer, by code.
    public var customer: String?
    /// One currency: figures in the others are left out (never added together).
    public var currency: CurrencyCode?
    /// Every amount converted into this currency (`--in`) at the imported exchange rates.
    public var convertedTo: CurrencyCode?
    /// The rates used for ``convertedTo``, filled in by the data source that computed the report.
    public var conversion: ExchangeRates.Conversion?

    public init(collector: String? = nil, customer: String? = nil, currency: CurrencyCode? = nil, convertedTo: CurrencyCode? = nil) {
        self.collector = collector
        self.customer = customer
        self.currency = currency
        self.convertedTo = convertedTo
    }

    /// Whether a customer and a figure in `currency` are in the report.
    public func includes(customerCode: String, collector login: String?, currency code: CurrencyCode) -> Bool {
        (collector == nil || collector == login) && (customer == nil || customer == customerCode)
            && (currency == nil || currency == code)
    }

    /// `sql` (a query ending in a `WHERE` clause) narrowed to the filter, on a customers table
    /// aliased `c` and, unless `customersOnly`, an items table aliased `i` (the server and the
    /// replicas share these column names), with the arguments of the conditions added:
    /// ```sql
    /// … AND c.collector = ? AND c.code = ? AND i.currency = ?
    /// ```
    public func narrowing(_ sql: String, customersOnly: Bool = false) -> (sql: String, arguments: [String]) {
        var conditions: [(String, String)] = []
        if let collector { conditions.append(("c.collector = ?", collector)) }
        if let customer { conditions.append(("c.code = ?", customer)) }
        if let currency, !customersOnly { conditions.append(("i.currency = ?", currency.code)) }
        return (conditions.reduce(sql) { $0 + " AND " + $1.0 }, conditions.map(\.1))
    }

    /// `sql` (a query on an items table aliased `i`, ending in a `WHERE` clause) narrowed to the
    /// filter without a join: the customers of the filter in a subquery (evaluated once), the
    /// currency on the item.
    /// ```sql
    /// … AND i.customer_id IN (SELECT c.id FROM customers c WHERE TRUE AND c.collector = ? AND c.code = ?) AND i.currency = ?
    /// ```
    public func narrowingItems(_ sql: String) -> (sql: String, arguments: [String]) {
        var sql = sql, arguments: [String] = []
        if collector != nil || customer != nil {
            let customers = ReportFilter(collector: collector, customer: customer).narrowing("SELECT c.id FROM customers c WHERE TRUE", customersOnly: true)
            sql += " AND i.customer_id IN (\(customers.sql))"
            arguments += customers.arguments
        }
        if let currency {
            sql += " AND i.currency = ?"
            arguments.append(currency.code)
        }
        return (sql, arguments)
    }
}
