import Foundation

/// Turns a store's report ledgers into the ``ReportItem``s of a report date, customer by
/// customer: which items count, with what open amount and what status that day. The central
/// store and the replicas read their rows their own way and hand them here, so the rules run once.
public struct ReportItemCollector {
    /// Code, name and collector of a customer, as the reports name it.
    public typealias Customer = (code: String, name: String, collector: String?)

    /// Where an item's status on the report date comes from, by item id.
    public enum Statuses {
        /// The report shows no status.
        case none
        /// Today: each item's current status code.
        case current([UUID: String])
        /// A past date: each item's qualifications, the one current that day wins.
        case history([UUID: [Qualification]])
    }

    let asOf: BusinessDate
    let statuses: Statuses
    public private(set) var items: [ReportItem] = []

    public init(asOf: BusinessDate, statuses: Statuses) {
        self.asOf = asOf
        self.statuses = statuses
    }

    /// Adds the items of one customer's stored ledger (``ReportLedger``) that are open on the
    /// report date. Returns `false` when the bytes are not a ledger (``ReportLedger/forEach(in:currency:_:)``).
    public mutating func add(customer: Customer, ledger bytes: UnsafeRawBufferPointer, currency: CurrencyCode) -> Bool {
        ReportLedger.forEach(in: bytes, currency: currency) { add(customer: customer, entry: $0) }
    }

    /// Adds one item of `customer`, if it is open on the report date.
    public mutating func add(customer: Customer, entry: ReportLedger.Entry) {
        guard let open = entry.item.openAmount(on: asOf, payments: entry.payments) else { return }
        let status: String?
        switch statuses {
        case .none: status = nil
        case .current(let codes): status = codes.isEmpty ? nil : codes[entry.id]
        case .history(let history): status = history.isEmpty ? nil : Qualification.current(of: history[entry.id] ?? [], on: asOf)?.statusCode
        }
        items.append(ReportItem(customerCode: customer.code, customerName: customer.name, collector: customer.collector, item: entry.item,
                                open: open, statusCode: status))
    }
}
