import DSOModel
import Foundation
import GRDB

/// Where a report's ledgers come from: a function that hands each stored ledger of the filter's
/// part of a store to its argument (the customer's id, the currency, the ledger's bytes, valid
/// during the call). ``LedgerStore/rows(filter:in:)`` on SQLite; the central store's PostgreSQL
/// engine supplies its own. The reads below are the same whatever the source.
package typealias LedgerRows = ((String, CurrencyCode, UnsafeRawBufferPointer) throws -> Void) throws -> Void

extension LedgerStore {
    /// ``forEach(filter:in:_:)`` as a ``LedgerRows`` source.
    package static func rows(filter: ReportFilter, in db: Database) -> LedgerRows {
        { body in try forEach(filter: filter, in: db, body) }
    }

    /// Hands each stored ledger in the filter's part of the store to `body`: the customer's id,
    /// the currency and the ledger's bytes, read in place (valid during the call).
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE  -- + the filter (narrowingItems)
    /// ```
    /// - Throws: ``UnreadableRow`` for a row that is not a ledger (`check --repair` rebuilds them).
    package static func forEach(filter: ReportFilter, in db: Database,
                                _ body: (String, CurrencyCode, UnsafeRawBufferPointer) throws -> Void) throws {
        let (sql, arguments) = filter.narrowingItems("SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE")
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
    package static func forEachEntry(_ rows: LedgerRows, _ body: (String, ReportLedger.Entry) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            try rows { customer, currency, bytes in
                guard try ReportLedger.forEach(in: bytes, currency: currency, { try body(customer, $0) }) else {
                    throw UnreadableRow(what: "the report ledger of customer \(customer)")
                }
            }
        }
    }

    /// The items of the filter's ledgers open on `asOf`, as ``ReportItem``s of the customers in
    /// `customers` (by id), with the status `statuses` gives.
    package static func reportItems(asOf: BusinessDate, filter: ReportFilter, customers: [String: ReportItemCollector.Customer],
                                    statuses: ReportItemCollector.Statuses, in db: Database) throws -> [ReportItem] {
        try reportItems(asOf: asOf, customers: customers, statuses: statuses, rows: rows(filter: filter, in: db))
    }

    package static func reportItems(asOf: BusinessDate, customers: [String: ReportItemCollector.Customer],
                                    statuses: ReportItemCollector.Statuses, rows: LedgerRows) throws -> [ReportItem] {
        var collector = ReportItemCollector(asOf: asOf, statuses: statuses)
        try rows { id, currency, bytes in
            guard let customer = customers[id] else { return }
            guard collector.add(customer: customer, ledger: bytes, currency: currency) else {
                throw UnreadableRow(what: "the report ledger of customer \(id)")
            }
        }
        return collector.items
    }

    /// Every item of the filter's ledgers issued by `asOf`, with its payments (DSO, CEI, trend, receipts).
    package static func ledger(asOf: BusinessDate, filter: ReportFilter, in db: Database) throws -> [DSOReport.Entry] {
        try ledger(asOf: asOf, rows: rows(filter: filter, in: db))
    }

    package static func ledger(asOf: BusinessDate, rows: LedgerRows) throws -> [DSOReport.Entry] {
        var ledger: [DSOReport.Entry] = []
        try forEachEntry(rows) { _, entry in
            if entry.item.issueDate <= asOf { ledger.append(entry.dsoEntry) }
        }
        return ledger
    }

    /// The payment-profile entries: invoices of the filter's ledgers cleared in the six months
    /// before `asOf`, of the customers in `customers` (by id).
    package static func paymentProfileEntries(asOf: BusinessDate, filter: ReportFilter, customers: [String: ReportItemCollector.Customer],
                                              in db: Database) throws -> [PaymentProfileReport.Entry] {
        try paymentProfileEntries(asOf: asOf, customers: customers, rows: rows(filter: filter, in: db))
    }

    package static func paymentProfileEntries(asOf: BusinessDate, customers: [String: ReportItemCollector.Customer],
                                              rows: LedgerRows) throws -> [PaymentProfileReport.Entry] {
        let since = PaymentProfileReport.windowStart(asOf)
        var entries: [PaymentProfileReport.Entry] = []
        try forEachEntry(rows) { id, entry in
            guard entry.item.kind == .invoice, let cleared = entry.item.clearedDate, cleared >= since, cleared <= asOf,
                  let customer = customers[id] else { return }
            entries.append(PaymentProfileReport.Entry(customer: customer.code, name: customer.name, collector: customer.collector, item: entry.item))
        }
        return entries
    }

    /// The filter's ledgers of the customers not in `skipping` (those whose files the report
    /// reads), one array of entries per customer and currency.
    package static func quietLedgers(filter: ReportFilter, skipping: Set<String>, in db: Database) throws -> [[ReportLedger.Entry]] {
        try quietLedgers(skipping: skipping, rows: rows(filter: filter, in: db))
    }

    package static func quietLedgers(skipping: Set<String>, rows: LedgerRows) throws -> [[ReportLedger.Entry]] {
        var out: [[ReportLedger.Entry]] = []
        try rows { id, currency, bytes in
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
