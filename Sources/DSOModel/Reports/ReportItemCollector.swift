/// Turns a store's rows into the ``ReportItem``s of a report date, customer by customer: which
/// items count, with what open amount and what status that day. The central store and the
/// replicas read their rows their own way and hand them here, so the rules run once.
public struct ReportItemCollector {
    /// Code, name and collector of a customer, as the reports name it.
    public typealias Customer = (code: String, name: String, collector: String?)

    /// Where an item's status on the report date comes from, by the store's key of the item.
    public enum Statuses {
        /// The report shows no status.
        case none
        /// Today: each item's current status code.
        case current([Int64: String])
        /// A past date: each item's qualifications, the one current that day wins.
        case history([Int64: [Qualification]])
    }

    let asOf: BusinessDate
    let customers: [String: Customer]
    let payments: [Int64: [Payment]]
    let statuses: Statuses
    public private(set) var items: [ReportItem] = []
    private var last: (id: String, customer: Customer)?

    /// - Parameters:
    ///   - customers: the customers of the report's filter, by id (text); items of others are skipped.
    ///   - payments: each item's payments by the store's key of the item (needed for a past date).
    public init(asOf: BusinessDate, customers: [String: Customer], payments: [Int64: [Payment]], statuses: Statuses) {
        self.asOf = asOf
        self.customers = customers
        self.payments = payments
        self.statuses = statuses
    }

    /// Adds one item of customer `customerID` (`key`: the store's key of the item), if it is in the
    /// filter and open on the report date. Rows that come customer by customer look each customer
    /// up once.
    public mutating func add(customerID: String, key: Int64, item: LedgerItem) {
        if last?.id != customerID {
            guard let customer = customers[customerID] else { return }
            last = (customerID, customer)
        }
        guard let customer = last?.customer,
              let open = item.openAmount(on: asOf, payments: payments.isEmpty ? [] : payments[key] ?? []) else { return }
        let status: String?
        switch statuses {
        case .none: status = nil
        case .current(let codes): status = codes[key]
        case .history(let history): status = Qualification.current(of: history[key] ?? [], on: asOf)?.statusCode
        }
        items.append(ReportItem(customerCode: customer.code, customerName: customer.name, collector: customer.collector, item: item,
                                open: open, statusCode: status))
    }
}
