extension CustomerFile {
    /// The file as it was known at the end of `date`: the qualifications recorded by then (the UTC
    /// day of their clock), the actions closed by then (others count as still open), the
    /// payments made by then. Items keep their current amounts and clearing dates; the rules that
    /// read them compare those dates with the day they judge.
    public func known(on date: BusinessDate) -> CustomerFile {
        let day = { (hlc: HLC) in BusinessDate.today(in: .gmt, now: hlc.date) }
        return CustomerFile(customer: customer, items: Array(items.values),
                            qualifications: qualifications.filter { day($0.hlc) <= date },
                            actions: actions.filter { $0.closedAt.map { day($0) <= date } ?? true },
                            statusesByCode: statuses, payments: payments.filter { $0.date <= date })
    }
}
