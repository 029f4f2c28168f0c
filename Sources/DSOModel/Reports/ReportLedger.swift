import Foundation

/// A customer's report inputs in one currency: every item it has (open or cleared) with its
/// payments, as the reports read them, in one compact value a store keeps per customer and
/// currency (`report_ledgers`, DESIGN.md "Storage and derived state").
///
/// It is derived state: recomputed from the customer's items and payments in the transaction
/// that writes them, on the server and on the replicas, and compared by `check`. A report over
/// the whole book then reads one row per customer instead of one per item, and decodes it
/// without parsing a date or making a string.
///
/// Encoding (little-endian, fixed width; ``version`` first): per item, its id (16 bytes), kind
/// (1), issue, due and clearing day numbers (4 each; no clearing: `Int32.min`), amount at issue
/// and open amount (8 each), the number of payments (2), then each payment's day number (4) and
/// amount (8). Items by id, payments by date then amount: the same facts give the same bytes.
public struct ReportLedger: Hashable, Sendable {
    /// The encoding's version, its first byte.
    public static let version: UInt8 = 1

    /// One item of the ledger.
    public struct Entry: Hashable, Sendable {
        public var id: UUID
        public var item: LedgerItem
        public var payments: [LedgerPayment]

        public init(id: UUID, item: LedgerItem, payments: [LedgerPayment] = []) {
            self.id = id
            self.item = item
            self.payments = payments
        }

        /// The DSO, CEI, trend and receipts reports' view of it.
        public var dsoEntry: DSOReport.Entry { DSOReport.Entry(item: item, payments: payments) }
    }

    public var currency: CurrencyCode
    public var entries: [Entry]

    public init(currency: CurrencyCode, entries: [Entry]) {
        self.currency = currency
        self.entries = entries
    }

    /// The ledgers of one customer, one per currency (by code), from its items (by id) and
    /// their payments (any order; a payment of an item not given is left out).
    public static func build(items: [(id: UUID, item: LedgerItem)], payments: [Payment]) -> [ReportLedger] {
        var paid: [UUID: [LedgerPayment]] = [:]
        for payment in payments { paid[payment.itemID, default: []].append(LedgerPayment(payment)) }
        var byCurrency: [CurrencyCode: [Entry]] = [:]
        for (id, item) in items {
            let payments = (paid[id] ?? []).sorted { ($0.date, $0.minor) < ($1.date, $1.minor) }
            byCurrency[item.initialAmount.currency, default: []].append(Entry(id: id, item: item, payments: payments))
        }
        return byCurrency.keys.sorted().map { currency in
            ReportLedger(currency: currency, entries: byCurrency[currency]!.sorted { $0.id.precedes($1.id) })
        }
    }

    /// The stored form.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [ReportLedger.version]
        out.reserveCapacity(1 + entries.count * 47)
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        for entry in entries {
            withUnsafeBytes(of: entry.id.uuid) { out.append(contentsOf: $0) }
            out.append(ReportLedger.kindCode(entry.item.kind))
            put(Int32(truncatingIfNeeded: entry.item.issueDate.dayNumber))
            put(Int32(truncatingIfNeeded: entry.item.dueDate.dayNumber))
            put(entry.item.clearedDate.map { Int32(truncatingIfNeeded: $0.dayNumber) } ?? Int32.min)
            put(entry.item.initialAmount.minor)
            put(entry.item.openAmount.minor)
            put(UInt16(truncatingIfNeeded: entry.payments.count))
            for payment in entry.payments {
                put(Int32(truncatingIfNeeded: payment.date.dayNumber))
                put(payment.minor)
            }
        }
        return out
    }

    /// Reads a stored ledger of `currency`, handing each entry to `body` without collecting
    /// them. Returns `false` when the bytes are not a ledger this version wrote (a store then
    /// reports the row as corrupt; `check --repair` rebuilds it).
    @discardableResult
    public static func forEach(in bytes: UnsafeRawBufferPointer, currency: CurrencyCode, _ body: (Entry) throws -> Void) rethrows -> Bool {
        guard bytes.count >= 1, bytes[0] == version else { return false }
        var offset = 1
        func read<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { offset += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        while offset < bytes.count {
            guard bytes.count - offset >= 47 else { return false }
            let id = UUID(uuid: bytes.loadUnaligned(fromByteOffset: offset, as: uuid_t.self))
            offset += 16
            guard let kind = ReportLedger.kind(code: read(UInt8.self)) else { return false }
            let issue = Int(read(Int32.self)), due = Int(read(Int32.self)), cleared = read(Int32.self)
            let initial = read(Int64.self), open = read(Int64.self)
            let count = Int(read(UInt16.self))
            guard bytes.count - offset >= count * 12 else { return false }
            var payments: [LedgerPayment] = []
            if count > 0 {
                payments.reserveCapacity(count)
                for _ in 0..<count {
                    let day = Int(read(Int32.self))
                    payments.append(LedgerPayment(date: BusinessDate(dayNumber: day), minor: read(Int64.self)))
                }
            }
            try body(Entry(id: id, item: LedgerItem(
                kind: kind, issueDate: BusinessDate(dayNumber: issue), dueDate: BusinessDate(dayNumber: due),
                initialAmount: Money(minor: initial, currency: currency), openAmount: Money(minor: open, currency: currency),
                clearedDate: cleared == Int32.min ? nil : BusinessDate(dayNumber: Int(cleared))), payments: payments))
        }
        return true
    }

    /// A stored ledger of `currency`, whole; `nil` for bytes this version did not write.
    public static func decode(_ bytes: [UInt8], currency: CurrencyCode) -> ReportLedger? {
        var entries: [Entry] = []
        let valid = bytes.withUnsafeBytes { raw in forEach(in: raw, currency: currency) { entries.append($0) } }
        return valid ? ReportLedger(currency: currency, entries: entries) : nil
    }

    static func kindCode(_ kind: ItemKind) -> UInt8 {
        switch kind {
        case .invoice: 0
        case .creditNote: 1
        case .payment: 2
        }
    }

    static func kind(code: UInt8) -> ItemKind? {
        switch code {
        case 0: .invoice
        case 1: .creditNote
        case 2: .payment
        default: nil
        }
    }
}

extension UUID {
    /// Byte order (for UUIDv7, creation order), without making the strings.
    func precedes(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { a in withUnsafeBytes(of: other.uuid) { b in memcmp(a.baseAddress!, b.baseAddress!, 16) < 0 } }
    }
}
