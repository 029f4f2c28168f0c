import DSOModel
import DSOProtocol
import DSOStore
import Foundation
import GRDB

extension CentralStore {
    /// A read of the whole book for a report, in one snapshot. On SQLite the file is mapped for
    /// its length (pages read in place, not copied through read(2)) and unmapped after, so a
    /// serving process does not keep the store's pages in its resident memory:
    ///
    /// ```sql
    /// PRAGMA mmap_size = 1073741824; …the report's reads…; PRAGMA mmap_size = 0
    /// ```
    func reportRead<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try backend.readNow { db in
            guard let db = db as? Database else { return try body(db) }
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            defer { try? db.execute(sql: "PRAGMA mmap_size = 0") }
            return try body(db)
        }
    }

    /// The stored ledgers of the filter's part of the book, for ``LedgerStore``'s reads: read in
    /// place on SQLite, streamed through a server-side cursor on PostgreSQL.
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE  -- + the filter (narrowingItems)
    /// ```
    static func ledgerRows(filter: ReportFilter, in db: some SQLSession) -> LedgerRows {
        if let db = db as? Database { return LedgerStore.rows(filter: filter, in: db) }
        return { body in
            let (sql, arguments) = filter.narrowingItems("SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE")
            try db.each(sql, arguments) { row in
                guard let id = row.get(0, as: String.self), let code = row.get(1, as: String.self), let currency = CurrencyCode(code),
                      let bytes = row.get(2, as: [UInt8].self) else { throw UnreadableRow(what: "a report ledger row") }
                try bytes.withUnsafeBytes { try body(id, currency, $0) }
            }
        }
    }

    /// The aging balance of the whole book (or the filter's part), computed by the same
    /// `DSOModel` code as a replica's `dso report aging`.
    public func agingReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> AgingReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            let items = filter.converted(try CentralStore.reportItems(asOf: asOf, filter: filter, statuses: false, in: db))
            return AgingReport.compute(items.lazy.map(\.agingEntry), asOf: asOf, filter: filter)
        }
    }

    /// Overdue by status type and status, and the % qualified overdue, as a replica computes it.
    public func statusReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> StatusReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            let items = filter.converted(try CentralStore.reportItems(asOf: asOf, filter: filter, statuses: true, in: db))
            return StatusReport.compute(items, statuses: try CentralStore.statusCatalogue(in: db), asOf: asOf, filter: filter)
        }
    }

    /// Days sales outstanding month by month over the `months` months ending with the one
    /// holding `asOf`, as a replica computes it.
    public func dsoReport(asOf: BusinessDate = .today(), months: Int = 12, filter: ReportFilter = ReportFilter()) throws -> DSOReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return DSOReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, rows: CentralStore.ledgerRows(filter: filter, in: db))), asOf: asOf, months: months, filter: filter)
        }
    }

    /// The collection effectiveness index over the `months` months ending with the one holding
    /// `asOf`, as a replica computes it.
    public func ceiReport(asOf: BusinessDate = .today(), months: Int = 3, filter: ReportFilter = ReportFilter()) throws -> CEIReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return CEIReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, rows: CentralStore.ledgerRows(filter: filter, in: db))), asOf: asOf, months: months, filter: filter)
        }
    }

    /// The open and overdue amounts (all, 30+, 60+, 90+) at the end of each of `periods` months
    /// or weeks ending on `asOf`, as a replica computes it.
    public func trendReport(asOf: BusinessDate = .today(), step: ReportStep = .month, periods: Int = 12,
                            filter: ReportFilter = ReportFilter()) throws -> TrendReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return TrendReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, rows: CentralStore.ledgerRows(filter: filter, in: db))), asOf: asOf, step: step, periods: periods,
                                filter: filter)
        }
    }

    /// Cash received per day, week or month over the `periods` periods ending on `asOf`, from
    /// payments and clearings, as a replica computes it.
    public func receiptsReport(asOf: BusinessDate = .today(), step: ReportStep = .week, periods: Int = 12,
                               filter: ReportFilter = ReportFilter()) throws -> ReceiptsReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return ReceiptsReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, rows: CentralStore.ledgerRows(filter: filter, in: db))), asOf: asOf, step: step, periods: periods,
                                   filter: filter)
        }
    }

    /// Each customer's average payment delay over the invoices cleared in the six months before
    /// `asOf`, and its band, as a replica computes it.
    ///
    /// ```sql
    /// SELECT c.id, c.code, json_extract(c.doc, '$.name'), c.collector FROM customers c WHERE TRUE  -- + the filter
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE                  -- + the filter
    /// ```
    public func paymentProfileReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> PaymentProfileReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            let customers = try CentralStore.reportCustomers(filter: filter, in: db)
            let entries = try LedgerStore.paymentProfileEntries(asOf: asOf, customers: customers, rows: CentralStore.ledgerRows(filter: filter, in: db))
            return PaymentProfileReport.compute(filter.converted(entries), asOf: asOf, filter: filter)
        }
    }

    /// Disputes by the dispute status that opened them, as a replica computes it.
    public func disputesReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> DisputesReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return DisputesReport.compute(filter.converted(try CentralStore.qualifiedFiles(filter: filter, in: db)), asOf: asOf, filter: filter)
        }
    }

    /// Promises due in the `months` months ending with the one holding `asOf`, as a replica
    /// computes it.
    public func promisesReport(asOf: BusinessDate = .today(), months: Int = 3, filter: ReportFilter = ReportFilter()) throws -> PromisesReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return PromisesReport.compute(filter.converted(try CentralStore.qualifiedFiles(filter: filter, in: db)), graceDays: try CentralStore.settings(in: db).graceDays,
                                   asOf: asOf, months: months, filter: filter)
        }
    }

    /// Expected cash by week over `weeks` weeks from `asOf`, as a replica computes it.
    public func forecastReport(asOf: BusinessDate = .today(), weeks: Int = 8, filter: ReportFilter = ReportFilter()) throws -> ForecastReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            let files = try CentralStore.qualifiedFiles(filter: filter, journaled: true, in: db)
            let ledgers = try LedgerStore.quietLedgers(skipping: Set(files.map(\.customer.id.text)), rows: CentralStore.ledgerRows(filter: filter, in: db))
            return ForecastReport.compute(filter.converted(files), ledgers: ledgers.map(filter.converted),
                                          graceDays: try CentralStore.settings(in: db).graceDays, asOf: asOf, weeks: weeks, filter: filter)
        }
    }

    /// Collection activity per collector over the `days` days ending on `asOf`, as a replica
    /// computes it, and when each replica last pushed and caught up (not with a `customer`
    /// filter: replicas are per login, not per customer).
    ///
    /// ```sql
    /// SELECT c.id FROM customers c WHERE (c.id IN (SELECT customer_id FROM qualifications)
    ///     OR c.id IN (SELECT customer_id FROM action_events))  -- + the filter; then each file (qualifiedFiles)
    /// SELECT c.collector, count(*) FROM customers c WHERE … NOT IN …  -- + the filter (quietCustomers)
    /// SELECT login, replica_id, last_push_at, last_pull_at FROM replica_syncs
    /// ```
    public func activityReport(asOf: BusinessDate = .today(), days: Int = 30, filter: ReportFilter = ReportFilter()) throws -> ActivityReport {
        try reportRead { db in
            let filter = try CentralStore.converting(filter, asOf: asOf, in: db)
            return ActivityReport.compute(try CentralStore.qualifiedFiles(filter: filter, journaled: true, in: db),
                                   quietCustomers: try CentralStore.quietCustomers(filter: filter, in: db),
                                   replicas: filter.customer == nil ? try CentralStore.replicaSyncs(in: db) : [],
                                   asOf: asOf, days: days, filter: filter)
        }
    }

    /// A customer with a qualification or an action event (on `c`).
    static let journalCondition = "(c.id IN (SELECT customer_id FROM qualifications) OR c.id IN (SELECT customer_id FROM action_events))"

    /// How many customers in the filter have no qualification and no action event, per collector.
    ///
    /// ```sql
    /// SELECT c.collector, count(*) FROM customers c WHERE NOT (c.id IN (…) OR c.id IN (…))  -- + the filter
    /// GROUP BY c.collector
    /// ```
    static func quietCustomers(filter: ReportFilter, in db: some SQLSession) throws -> [String?: Int] {
        let (sql, arguments) = filter.narrowing("SELECT c.collector, count(*) FROM customers c WHERE NOT \(journalCondition)", customersOnly: true)
        var out: [String?: Int] = [:]
        for row in try db.rows(sql + " GROUP BY c.collector", arguments) {
            out[row.get(0, as: String.self)] = row.get(1) ?? 0
        }
        return out
    }

    /// The filter with the conversion `--in` asks for (``ReportFilter/convertedTo``): every
    /// currency of the filter's part of the store, at the latest imported rate on or before
    /// `asOf`, as a replica converts.
    ///
    /// ```sql
    /// SELECT doc FROM settings WHERE key = 'rates'
    /// SELECT DISTINCT i.currency FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.issue_date <= :asOf  -- + the filter
    /// ```
    /// - Throws: ``ExchangeRates/MissingRates`` when a currency has no rate by then.
    static func converting(_ filter: ReportFilter, asOf: BusinessDate, in db: some SQLSession) throws -> ReportFilter {
        guard filter.convertedTo != nil else { return filter }
        let (sql, arguments) = filter.narrowing(
            "SELECT DISTINCT i.currency FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.issue_date <= ?")
        let currencies = try db.rows(sql, [asOf.description] + arguments).compactMap { $0.get(0, as: String.self) }
        return try filter.converting(rates: exchangeRates(in: db), currencies: currencies.compactMap(CurrencyCode.init), asOf: asOf)
    }

    /// The files of the customers in the filter that have a qualification (`journaled`: a
    /// qualification or an action event), 500 at a time: items from their typed columns, facts
    /// from their payloads.
    ///
    /// ```sql
    /// SELECT DISTINCT c.id FROM qualifications q JOIN customers c ON c.id = q.customer_id   -- + the filter
    /// SELECT doc FROM customers WHERE id IN (…); SELECT id, customer_id, … FROM items WHERE customer_id IN (…)
    /// SELECT doc FROM qualifications | action_events | payments WHERE customer_id IN (…)
    /// ```
    static func qualifiedFiles(filter: ReportFilter, journaled: Bool = false, in db: some SQLSession) throws -> [CustomerFile] {
        let (sql, arguments) = filter.narrowing(journaled ? "SELECT c.id FROM customers c WHERE \(journalCondition)"
            : "SELECT DISTINCT c.id FROM qualifications q JOIN customers c ON c.id = q.customer_id WHERE TRUE", customersOnly: true)
        let ids = try db.rows(sql, arguments).compactMap { $0.get(0, as: String.self) }
        let statuses = try statusCatalogue(in: db)
        var files: [CustomerFile] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let batch = Array(ids[start..<min(ids.count, start + 500)])
            let list = "(" + Array(repeating: "?", count: batch.count).joined(separator: ",") + ")"
            func docs<T: Decodable>(_ type: T.Type, _ table: String) throws -> [T] {
                try db.rows("SELECT doc FROM \(table) WHERE customer_id IN \(list)", batch).map { try T.fromWire($0.text(0)) }
            }
            var items: [UUID: [OpenItem]] = [:]
            try db.each("SELECT \(itemColumns) FROM items WHERE customer_id IN \(list)", batch) { row in
                let item = try typedItem(row)
                items[item.customerID, default: []].append(item)
            }
            let qualifications = Dictionary(grouping: try docs(Qualification.self, "qualifications"), by: \.customerID)
            let events = Dictionary(grouping: try docs(ActionEvent.self, "action_events"), by: \.customerID)
            let payments = Dictionary(grouping: try docs(Payment.self, "payments"), by: \.customerID)
            for customer in try db.rows("SELECT doc FROM customers WHERE id IN \(list)", batch).map({ try Customer.fromWire($0.text(0)) }) {
                files.append(CustomerFile(customer: customer, items: items[customer.id] ?? [], qualifications: qualifications[customer.id] ?? [],
                                          actions: Array(CollectionAction.replayAll(events[customer.id] ?? []).values), statusesByCode: statuses,
                                          payments: payments[customer.id] ?? []))
            }
        }
        return files
    }

    /// The customers in the filter, by id (text).
    ///
    /// ```sql
    /// SELECT c.id, c.code, json_extract(c.doc, '$.name'), c.collector FROM customers c WHERE TRUE  -- + the filter
    /// ```
    static func reportCustomers(filter: ReportFilter, in db: some SQLSession) throws -> [String: ReportItemCollector.Customer] {
        let (sql, arguments) = filter.narrowing(
            "SELECT c.id, c.code, \(db.dialect.jsonText("c.doc", "name")), c.collector FROM customers c WHERE TRUE", customersOnly: true)
        var out: [String: ReportItemCollector.Customer] = [:]
        try db.each(sql, arguments) { row in
            out[try row.text(0)] = (try row.text(1), row.get(2) ?? "", row.get(3))
        }
        return out
    }

    /// The items open on `asOf` in the filter's part of the book, with what was open that day and,
    /// with `statuses`, their current status that day.
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE          -- + the filter (narrowingItems)
    /// SELECT ic.item_id, json_extract(q.doc, '$.statusCode') FROM item_current ic
    ///     JOIN qualifications q ON q.id = ic.qualification_id                            -- with statuses, today
    /// ```
    /// A past date with `statuses` reads every item's qualifications.
    static func reportItems(asOf: BusinessDate, filter: ReportFilter, statuses: Bool, in db: some SQLSession) throws -> [ReportItem] {
        var source = ReportItemCollector.Statuses.none
        if statuses && asOf < .today() {
            var history: [UUID: [Qualification]] = [:]
            try db.each("SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id", []) { row in
                guard let id = row.get(0, as: String.self).flatMap(UUID.init(text:)) else { return }
                history[id, default: []].append(try Qualification.fromWire(row.text(1)))
            }
            source = .history(history)
        } else if statuses {
            var current: [UUID: String] = [:]
            try db.each("""
                SELECT ic.item_id, \(db.dialect.jsonText("q.doc", "statusCode")) FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id
                """, []) { row in
                guard let id = row.get(0, as: String.self).flatMap(UUID.init(text:)) else { return }
                current[id] = row.get(1)
            }
            source = .current(current)
        }
        return try LedgerStore.reportItems(asOf: asOf, customers: reportCustomers(filter: filter, in: db), statuses: source,
                                           rows: ledgerRows(filter: filter, in: db))
    }
}

extension CentralStore: ReportSource {}
