import Foundation

/// An item as the reports read it: its kind, dates and amounts, without the ids and the number
/// the sync needs. The stores build it straight from their typed columns (no id, number or
/// document is decoded), so a report over the whole book holds one small value per item.
public struct LedgerItem: Hashable, Sendable {
    public var kind: ItemKind
    public var issueDate: BusinessDate
    public var dueDate: BusinessDate
    /// Amount including tax, at issue.
    public var initialAmount: Money
    /// What remains to be paid now.
    public var openAmount: Money
    /// Set once the item is paid or otherwise settled.
    public var clearedDate: BusinessDate?

    public init(kind: ItemKind, issueDate: BusinessDate, dueDate: BusinessDate, initialAmount: Money, openAmount: Money,
                clearedDate: BusinessDate? = nil) {
        self.kind = kind
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.initialAmount = initialAmount
        self.openAmount = openAmount
        self.clearedDate = clearedDate
    }

    /// The reports' view of an item.
    public init(_ item: OpenItem) {
        self.init(kind: item.kind, issueDate: item.issueDate, dueDate: item.dueDate, initialAmount: item.initialAmount,
                  openAmount: item.openAmount, clearedDate: item.clearedDate)
    }

    /// The columns a store keeps an item's ledger in, in the order ``init(columnsFrom:text:integer:)``
    /// reads them (on a table aliased `i`).
    public static let columns = "i.kind, i.issue_date, i.due_date, i.initial_minor, i.open_minor, i.currency, i.cleared_date"

    /// The same from a row's columns read in place, from column `start` on in the order of
    /// ``columns``: `text` gives a text column's UTF-8 bytes (`nil` for SQL `NULL`), `integer` an
    /// integer column. A store reads the whole book this way, with no string made per column.
    public init?(columnsFrom start: Int, text: (Int) -> UnsafeBufferPointer<UInt8>?, integer: (Int) -> Int64) {
        guard let kindBytes = text(start), let kind = ItemKind(utf8: kindBytes), let issueBytes = text(start + 1),
              let issued = BusinessDate(utf8: issueBytes), let dueBytes = text(start + 2), let due = BusinessDate(utf8: dueBytes),
              let currencyBytes = text(start + 5), let currency = CurrencyCode(upperASCII: currencyBytes) else { return nil }
        var cleared: BusinessDate?
        if let clearedBytes = text(start + 6) {
            guard let date = BusinessDate(utf8: clearedBytes) else { return nil }
            cleared = date
        }
        let initialMinor = integer(start + 3), openMinor = integer(start + 4)
        self.init(kind: kind, issueDate: issued, dueDate: due, initialAmount: Money(minor: initialMinor, currency: currency),
                  openAmount: Money(minor: openMinor, currency: currency), clearedDate: cleared)
    }

    /// What the item left open at the end of `date` (DOMAIN.md, "Reports: exact definitions"):
    /// `nil` when it was not issued yet or was already cleared that day; otherwise the amount
    /// open now with the payments made after `date` added back, or, for an item cleared since,
    /// its amount at issue less the payments made by `date`. Signed like the item (credit notes
    /// and unallocated payments negative).
    ///
    /// - Parameter payments: the item's payments (any order); only their dates and amounts count.
    public func openAmount(on date: BusinessDate, payments: [Payment] = []) -> Money? {
        openAmount(on: date, payments: payments.map(LedgerPayment.init))
    }

    /// ``openAmount(on:payments:)`` from the payments as the reports read them.
    public func openAmount(on date: BusinessDate, payments: [LedgerPayment]) -> Money? {
        guard let minor = openMinor(on: date, payments: payments) else { return nil }
        return Money(minor: minor, currency: initialAmount.currency)
    }

    /// ``openAmount(on:payments:)`` in minor units of the item's currency.
    public func openMinor(on date: BusinessDate, payments: [Payment]) -> Int64? {
        openMinor(on: date, payments: payments.map(LedgerPayment.init))
    }

    /// ``openAmount(on:payments:)`` in minor units of the item's currency, from the payments as
    /// the reports read them.
    public func openMinor(on date: BusinessDate, payments: [LedgerPayment] = []) -> Int64? {
        guard issueDate <= date else { return nil }
        if let cleared = clearedDate {
            guard cleared > date else { return nil }
            var paid: Int64 = 0
            for payment in payments where payment.date <= date { paid += payment.minor }
            return initialAmount.minor - paid
        }
        var later: Int64 = 0
        for payment in payments where payment.date > date { later += payment.minor }
        return openAmount.minor + later
    }
}

extension ItemKind {
    private static let spellings: [(ItemKind, [UInt8])] = ItemKind.allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The kind whose raw value these UTF-8 bytes spell.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        for (kind, spelling) in ItemKind.spellings where spelling.withUnsafeBufferPointer({ $0.sameBytes(as: bytes) }) {
            self = kind
            return
        }
        return nil
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The same bytes as `other` (one `memcmp`).
    func sameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let a = baseAddress, let b = other.baseAddress else { return true }
        return memcmp(a, b, count) == 0
    }
}
