/// Which part of the book a report covers. Every field narrows; `nil` means no restriction.
/// A replica's reports cover at most the portfolio it holds.
public struct ReportFilter: Codable, Hashable, Sendable {
    /// A collector's login: her customers only.
    public var collector: String?
    /// One customer, by code.
    public var customer: String?
    /// One currency: figures in the others are left out (never added together).
    public var currency: CurrencyCode?

    public init(collector: String? = nil, customer: String? = nil, currency: CurrencyCode? = nil) {
        self.collector = collector
        self.customer = customer
        self.currency = currency
    }

    /// Whether a customer and a figure in `currency` are in the report.
    public func includes(customerCode: String, collector login: String?, currency code: CurrencyCode) -> Bool {
        (collector == nil || collector == login) && (customer == nil || customer == customerCode)
            && (currency == nil || currency == code)
    }

    /// The filter as SQL conditions on a customers table aliased `c` and an items table aliased
    /// `i`, each with its one `?` argument (the server and the replicas share these column names).
    public var conditions: [(sql: String, argument: String)] {
        customerConditions + (currency.map { [("i.currency = ?", $0.code)] } ?? [])
    }

    /// The conditions on the customers table `c` alone (collector and customer).
    public var customerConditions: [(sql: String, argument: String)] {
        var out: [(String, String)] = []
        if let collector { out.append(("c.collector = ?", collector)) }
        if let customer { out.append(("c.code = ?", customer)) }
        return out
    }
}
