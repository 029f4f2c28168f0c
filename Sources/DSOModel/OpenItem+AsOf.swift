extension OpenItem {
    /// What the item left open at the end of `date` (DOMAIN.md, "Reports: exact definitions"):
    /// `nil` when it was not issued yet or was already cleared that day; otherwise the amount
    /// open now with the payments made after `date` added back, or, for an item cleared since,
    /// its amount at issue less the payments made by `date`. Signed like the item (credit notes
    /// and unallocated payments negative).
    ///
    /// - Parameter payments: the item's payments (any order); only their dates and amounts count.
    public func openAmount(on date: BusinessDate, payments: [Payment] = []) -> Money? {
        guard issueDate <= date else { return nil }
        if let cleared = clearedDate {
            guard cleared > date else { return nil }
            let paid = payments.filter { $0.date <= date }.reduce(Int64(0)) { $0 + $1.amount.minor }
            return Money(minor: initialAmount.minor - paid, currency: initialAmount.currency)
        }
        let later = payments.filter { $0.date > date }.reduce(Int64(0)) { $0 + $1.amount.minor }
        return Money(minor: openAmount.minor + later, currency: openAmount.currency)
    }
}
