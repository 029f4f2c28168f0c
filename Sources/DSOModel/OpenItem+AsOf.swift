extension OpenItem {
    /// What the item left open at the end of `date`: ``LedgerItem/openAmount(on:payments:)``.
    public func openAmount(on date: BusinessDate, payments: [Payment] = []) -> Money? {
        LedgerItem(self).openAmount(on: date, payments: payments)
    }
}
