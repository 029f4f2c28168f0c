/// An item open on a report's date, as every report reads it: whose it is, what was open that
/// day, and the status it had that day. The server and the replicas build these from their
/// tables; the reports' rules take it from here.
public struct ReportItem: Sendable {
    public var customerCode: String
    public var customerName: String
    public var collector: String?
    public var item: LedgerItem
    /// Open on the report date (``OpenItem/openAmount(on:payments:)``).
    public var open: Money
    /// The code of the item's current status on the report date (`nil`: never qualified).
    public var statusCode: String?

    public init(customerCode: String, customerName: String, collector: String?, item: LedgerItem, open: Money, statusCode: String?) {
        self.customerCode = customerCode
        self.customerName = customerName
        self.collector = collector
        self.item = item
        self.open = open
        self.statusCode = statusCode
    }

    public init(customerCode: String, customerName: String, collector: String?, item: OpenItem, open: Money, statusCode: String?) {
        self.init(customerCode: customerCode, customerName: customerName, collector: collector, item: LedgerItem(item), open: open,
                  statusCode: statusCode)
    }

    /// The aging report's view of it.
    public var agingEntry: AgingReport.Entry {
        AgingReport.Entry(customerCode: customerCode, customerName: customerName, collector: collector, dueDate: item.dueDate, open: open)
    }
}

extension Qualification {
    /// The current qualification among `history` on the end of `date`: the ones recorded by then
    /// (their HLC's UTC day), by the usual precedence.
    public static func current(of history: some Sequence<Qualification>, on date: BusinessDate) -> Qualification? {
        current(of: history.filter { BusinessDate.today(in: .gmt, now: $0.hlc.date) <= date })
    }
}
