/// One value per currency while a report adds up a whole ledger: a book has a handful of
/// currencies, so a linear search over them is cheaper than hashing the code for every item and
/// every period.
struct CurrencySlots<Value> {
    private(set) var currencies: [CurrencyCode] = []
    private(set) var values: [Value] = []
    let empty: Value

    init(empty: Value) { self.empty = empty }

    /// The slot of `currency`, opened with ``empty`` the first time.
    mutating func slot(_ currency: CurrencyCode) -> Int {
        if let index = currencies.firstIndex(of: currency) { return index }
        currencies.append(currency)
        values.append(empty)
        return values.count - 1
    }

    subscript(slot: Int) -> Value {
        get { values[slot] }
        _modify { yield &values[slot] }
    }

    /// The value of `currency`, if it has a slot.
    func value(of currency: CurrencyCode) -> Value? {
        currencies.firstIndex(of: currency).map { values[$0] }
    }
}
