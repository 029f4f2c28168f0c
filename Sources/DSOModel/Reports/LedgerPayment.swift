/// A payment as the reports read it: when, and how much (minor units of its item's currency).
public struct LedgerPayment: Hashable, Sendable {
    public var date: BusinessDate
    /// Positive: what was paid against the item.
    public var minor: Int64

    public init(date: BusinessDate, minor: Int64) {
        self.date = date
        self.minor = minor
    }

    /// The reports' view of a payment.
    public init(_ payment: Payment) {
        self.init(date: payment.date, minor: payment.amount.minor)
    }
}
