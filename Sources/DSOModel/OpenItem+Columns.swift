import Foundation

extension OpenItem {
    /// An item from the typed columns a store keeps it in (replica and central store alike):
    /// ids as UUID strings, dates as `YYYY-MM-DD`, amounts in minor units of one currency.
    /// `nil` when a column holds a value no item can have.
    public init?(id: String, customerID: String, number: String, kind: String, issueDate: String, dueDate: String,
                 initialMinor: Int64, openMinor: Int64, currency: String, clearedDate: String?) {
        guard let id = UUID(text: id), let customer = UUID(text: customerID), let kind = ItemKind(rawValue: kind),
              let issued = BusinessDate(issueDate), let due = BusinessDate(dueDate), let currency = CurrencyCode(currency) else { return nil }
        var cleared: BusinessDate?
        if let clearedDate {
            guard let date = BusinessDate(clearedDate) else { return nil }
            cleared = date
        }
        self.init(id: id, customerID: customer, number: number, kind: kind, issueDate: issued, dueDate: due,
                  initialAmount: Money(minor: initialMinor, currency: currency), openAmount: Money(minor: openMinor, currency: currency),
                  clearedDate: cleared)
    }
}
