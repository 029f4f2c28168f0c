import DSOModel
import Foundation
import GRDB

extension LedgerStore {
    /// Hands each stored ledger in the filter's part of the store to `body`: the customer's id,
    /// the currency and the ledger's bytes, read in place (valid during the call).
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE 1  -- + the filter (narrowingItems)
    /// ```
    /// - Throws: ``UnreadableRow`` for a row that is not a ledger (`check --repair` rebuilds them).
    package static func forEach(filter: ReportFilter, in db: Database,
                                _ body: (String, CurrencyCode, UnsafeRawBufferPointer) throws -> Void) throws {
        let (sql, arguments) = filter.narrowingItems("SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE 1")
        let statement = try db.makeStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        while try rows.next() != nil {
            let s = statement.sqliteStatement
            guard let id = ColumnBytes.text(s, 0), let code = ColumnBytes.text(s, 1), let currency = CurrencyCode(upperASCII: code) else {
                throw UnreadableRow(what: "a report ledger row")
            }
            try body(String(decoding: id, as: UTF8.self), currency, ColumnBytes.blob(s, 2))
        }
    }

    /// Every entry of the filter's ledgers, with the customer's id.
    package static func forEachEntry(filter: ReportFilter, in db: Database, _ body: (String, ReportLedger.Entry) throws -> Void) throws {
        try forEach(filter: filter, in: db) { customer, currency, bytes in
            guard try ReportLedger.forEach(in: bytes, currency: currency, { try body(customer, $0) }) else {
                throw UnreadableRow(what: "the report ledger of customer \(customer)")
            }
        }
    }

    /// The items of the filter's ledgers open on `asOf`, as ``ReportItem``s of the customers in
    /// `customers` (by id), with the status `statuses` gives.
    package static func reportItems(asOf: BusinessDate, filter: ReportFilter, customers: [String: ReportItemCollector.Customer],
                                    statuses: ReportItemCollector.Statuses, in db: Database) throws -> [ReportItem] {
        var collector = ReportItemCollector(asOf: asOf, statuses: statuses)
        try forEach(filter: filter, in: db) { id, currency, bytes in
            guard let customer = customers[id] else { return }
            guard collector.add(customer: customer, ledger: bytes, currency: currency) else {
                throw UnreadableRow(what: "the report ledger of customer \(id)")
            }
        }
        return collector.items
    }

    /// Every item of the filter's ledgers issued by `asOf`, with its payments (DSO, CEI, trend, receipts).
    package static func ledger(asOf: BusinessDate, filter: ReportFilter, in db: Database) throws -> [DSOReport.Entry] {
        var ledger: [DSOReport.Entry] = []
        try forEachEntry(filter: filter, in: db) { _, entry in
            if entry.item.issueDate <= asOf { ledger.append(entry.dsoEntry) }
        }
        return ledger
    }

    /// The payment-profile entries: invoices of the filter's ledgers cleared in the six months
    /// before `asOf`, of the customers in `customers` (by id).
    package static func paymentProfileEntries(asOf: BusinessDate, filter: ReportFilter, customers: [String: ReportItemCollector.Customer],
                                              in db: Database) throws -> [PaymentProfileReport.Entry] {
        let since = PaymentProfileReport.windowStart(asOf)
        var entries: [PaymentProfileReport.Entry] = []
        try forEachEntry(filter: filter, in: db) { id, entry in
            guard entry.item.kind == .invoice, let cleared = entry.item.clearedDate, cleared >= since, cleared <= asOf,
                  let customer = customers[id] else { return }
            entries.append(PaymentProfileReport.Entry(customer: customer.code, name: customer.name, collector: customer.collector, item: entry.item))
        }
        return entries
    }

    /// The filter's ledgers of the customers not in `skipping` (those whose files the report
    /// reads), one array of entries per customer and currency.
    package static func quietLedgers(filter: ReportFilter, skipping: Set<String>, in db: Database) throws -> [[ReportLedger.Entry]] {
        var out: [[ReportLedger.Entry]] = []
        try forEach(filter: filter, in: db) { id, currency, bytes in
            guard !skipping.contains(id) else { return }
            var entries: [ReportLedger.Entry] = []
            guard ReportLedger.forEach(in: bytes, currency: currency, { entries.append($0) }) else {
                throw UnreadableRow(what: "the report ledger of customer \(id)")
            }
            out.append(entries)
        }
        return out
    }
}
