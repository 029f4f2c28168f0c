import DSOModel
import DSOProtocol
import DSOStore
import Foundation
import GRDB

extension Replica {
    /// The aging balance of the portfolio this replica holds (offline), computed by the same
    /// `DSOModel` code as `dso-server report aging`: a manager's full replica prints the same
    /// figures as the server.
    ///
    /// Reads the items open on `asOf` (``reportItems(asOf:filter:statuses:in:)``).
    /// - Parameters:
    ///   - asOf: the report date; a past date uses the items open then, with the amounts open then.
    ///   - filter: collector, customer and currency to keep.
    /// - Throws: ``ReplicaError/unknownCustomer(_:)`` for a filter naming a customer this replica
    ///   does not hold; ``ReplicaError/corrupt(_:)`` for an unreadable row.
    public func agingReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> AgingReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            let items = filter.converted(try Replica.reportItems(asOf: asOf, filter: filter, statuses: false, in: db))
            return AgingReport.compute(items.lazy.map(\.agingEntry), asOf: asOf, filter: filter)
        }
    }

    /// Overdue by status type and status, and the % qualified overdue (offline), as
    /// `dso-server report status` computes it. Work written here and not yet pushed counts: it
    /// is this replica's current status of the item.
    ///
    /// - Parameters:
    ///   - asOf: the report date; on a past date an item's status is the one recorded by then.
    ///   - filter: collector, customer and currency to keep.
    /// - Throws: as ``agingReport(asOf:filter:)``.
    public func statusReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> StatusReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            let items = filter.converted(try Replica.reportItems(asOf: asOf, filter: filter, statuses: true, in: db))
            let statuses = try String.fetchAll(db, sql: "SELECT doc FROM statuses").map(Status.fromWire)
            return StatusReport.compute(items, statuses: Dictionary(statuses.map { ($0.code, $0) }) { first, _ in first },
                                        asOf: asOf, filter: filter)
        }
    }

    /// Days sales outstanding month by month over the `months` months ending with the one
    /// holding `asOf` (offline), as `dso-server report dso` computes it. Needs the sales history
    /// (`dso-server import history`): without paid invoices, sales are only those of the items
    /// still open.
    ///
    /// ```sql
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE   -- + the filter
    /// ```
    /// - Throws: as ``agingReport(asOf:filter:)``.
    public func dsoReport(asOf: BusinessDate = .today(), months: Int = 12, filter: ReportFilter = ReportFilter()) throws -> DSOReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return DSOReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, filter: filter, in: db)), asOf: asOf, months: months, filter: filter)
        }
    }

    /// The collection effectiveness index over the `months` months ending with the one holding
    /// `asOf` (offline), as `dso-server report cei` computes it; reads what ``dsoReport(asOf:months:filter:)`` reads.
    public func ceiReport(asOf: BusinessDate = .today(), months: Int = 3, filter: ReportFilter = ReportFilter()) throws -> CEIReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return CEIReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, filter: filter, in: db)), asOf: asOf, months: months, filter: filter)
        }
    }

    /// The open and overdue amounts (all, 30+, 60+, 90+) at the end of each of `periods` months
    /// or weeks ending on `asOf` (offline), as `dso-server report trend` computes it; reads what
    /// ``dsoReport(asOf:months:filter:)`` reads.
    public func trendReport(asOf: BusinessDate = .today(), step: ReportStep = .month, periods: Int = 12,
                            filter: ReportFilter = ReportFilter()) throws -> TrendReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return TrendReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, filter: filter, in: db)), asOf: asOf, step: step, periods: periods,
                                       filter: filter)
        }
    }

    /// Cash received per day, week or month over the `periods` periods ending on `asOf`
    /// (offline), from payments and clearings, as `dso-server report receipts` computes it.
    public func receiptsReport(asOf: BusinessDate = .today(), step: ReportStep = .week, periods: Int = 12,
                               filter: ReportFilter = ReportFilter()) throws -> ReceiptsReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return ReceiptsReport.compute(filter.converted(try LedgerStore.ledger(asOf: asOf, filter: filter, in: db)), asOf: asOf, step: step, periods: periods,
                                          filter: filter)
        }
    }

    /// Each customer's average payment delay over the invoices cleared in the six months before
    /// `asOf`, and its band (offline), as `dso-server report payment-profile` computes it.
    ///
    /// ```sql
    /// SELECT c.id, c.code, c.name, c.collector FROM customers c WHERE TRUE           -- + the filter
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE   -- + the filter
    /// ```
    public func paymentProfileReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> PaymentProfileReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            let customers = try Replica.reportCustomers(filter: filter, in: db)
            let entries = try LedgerStore.paymentProfileEntries(asOf: asOf, filter: filter, customers: customers, in: db)
            return PaymentProfileReport.compute(filter.converted(entries), asOf: asOf, filter: filter)
        }
    }

    /// Disputes by the dispute status that opened them (offline), as `dso-server report disputes`
    /// computes it: derived from each customer's file by the same rules as the agenda's.
    public func disputesReport(asOf: BusinessDate = .today(), filter: ReportFilter = ReportFilter()) throws -> DisputesReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return DisputesReport.compute(filter.converted(try Replica.qualifiedFiles(filter: filter, in: db)), asOf: asOf, filter: filter)
        }
    }

    /// Promises due in the `months` months ending with the one holding `asOf` (offline): kept,
    /// partially kept, broken, pending, and the broken-promise rate, as `dso-server report
    /// promises` computes it.
    public func promisesReport(asOf: BusinessDate = .today(), months: Int = 3, filter: ReportFilter = ReportFilter()) throws -> PromisesReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            return PromisesReport.compute(filter.converted(try Replica.qualifiedFiles(filter: filter, in: db)), graceDays: try Replica.settings(in: db).graceDays,
                                          asOf: asOf, months: months, filter: filter)
        }
    }

    /// Expected cash by week over `weeks` weeks from `asOf` (offline), from promises, dispute
    /// resolution times and each customer's payment delay, as `dso-server report forecast`
    /// computes it. Reads the files of the customers with a qualification or an action, and the
    /// report ledgers of the others.
    public func forecastReport(asOf: BusinessDate = .today(), weeks: Int = 8, filter: ReportFilter = ReportFilter()) throws -> ForecastReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            let files = try Replica.qualifiedFiles(filter: filter, journaled: true, in: db)
            let ledgers = try LedgerStore.quietLedgers(filter: filter, skipping: Set(files.map(\.customer.id.text)), in: db)
            return ForecastReport.compute(filter.converted(files), ledgers: ledgers.map(filter.converted),
                                          graceDays: try Replica.settings(in: db).graceDays, asOf: asOf, weeks: weeks, filter: filter)
        }
    }

    /// Collection activity per collector over the `days` days ending on `asOf` (offline), as
    /// `dso-server report activity` computes it. The replicas section lists only this replica
    /// (its last successful sync): when other devices synced is known to the server only.
    ///
    /// ```sql
    /// SELECT c.id FROM customers c WHERE (c.id IN (SELECT customer_id FROM qualifications)
    ///     OR c.id IN (SELECT customer_id FROM action_events))  -- + the filter; then each customer's file
    /// SELECT c.collector, count(*) FROM customers c WHERE NOT (…)  -- + the filter (quietCustomers)
    /// ```
    /// - Throws: as ``agingReport(asOf:filter:)``.
    public func activityReport(asOf: BusinessDate = .today(), days: Int = 30, filter: ReportFilter = ReportFilter()) throws -> ActivityReport {
        try reportRead { db in
            let filter = try Replica.converting(Replica.canonical(filter, in: db), asOf: asOf, in: db)
            var replicas: [ActivityReport.ReplicaSync] = []
            if filter.customer == nil, let login = try Replica.meta("login", in: db) {
                let last = try Replica.meta("last_sync", in: db).flatMap(WireJSON.parseTimestamp)
                replicas.append(ActivityReport.ReplicaSync(login: login, replicaID: id, lastPush: nil, lastPull: last))
            }
            return ActivityReport.compute(try Replica.qualifiedFiles(filter: filter, journaled: true, in: db),
                                          quietCustomers: try Replica.quietCustomers(filter: filter, in: db), replicas: replicas,
                                          asOf: asOf, days: days, filter: filter)
        }
    }

    /// The files of the customers in the filter that have a qualification (the others have no
    /// promise and no dispute) or, `journaled`, a qualification or an action event in any state,
    /// read in batches.
    ///
    /// ```sql
    /// SELECT DISTINCT c.id FROM qualifications q JOIN customers c ON c.id = q.customer_id WHERE q.state != 'rejected'  -- + the filter
    /// ```
    static func qualifiedFiles(filter: ReportFilter, journaled: Bool = false, in db: Database) throws -> [CustomerFile] {
        var sql = journaled ? "SELECT c.id FROM customers c WHERE \(journalCondition)"
            : "SELECT DISTINCT c.id FROM qualifications q JOIN customers c ON c.id = q.customer_id WHERE q.state != 'rejected'"
        var arguments: StatementArguments = []
        narrow(&sql, &arguments, filter, customersOnly: true)
        let ids = try String.fetchAll(db, sql: sql, arguments: arguments)
        return try stride(from: 0, to: ids.count, by: refreshBatch).flatMap {
            try customerFiles(customers: Array(ids[$0..<min(ids.count, $0 + refreshBatch)]), in: db)
        }
    }

    /// The customers in the filter, by id (text).
    ///
    /// ```sql
    /// SELECT c.id, c.code, c.name, c.collector FROM customers c WHERE TRUE  -- + the filter
    /// ```
    static func reportCustomers(filter: ReportFilter, in db: Database) throws -> [String: ReportItemCollector.Customer] {
        let (sql, arguments) = filter.narrowing("SELECT c.id, c.code, c.name, c.collector FROM customers c WHERE TRUE", customersOnly: true)
        var out: [String: ReportItemCollector.Customer] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try rows.next() { out[row[0]] = (row[1], row[2], row[3]) }
        return out
    }

    /// The items open on `asOf` in the filter's part of the replica, with what was open that day
    /// and, with `statuses`, their current status that day.
    ///
    /// ```sql
    /// SELECT c.id, c.code, c.name, c.collector FROM customers c WHERE TRUE            -- + the filter
    /// SELECT i.customer_id, i.currency, i.entries FROM report_ledgers i WHERE TRUE    -- + the filter (narrowingItems)
    /// SELECT ic.item_id, q.status_code FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id  -- with statuses, today
    /// ```
    /// A past date with `statuses` reads each item's qualifications (`qualification_items` ⨝
    /// `qualifications`, not refused).
    static func reportItems(asOf: BusinessDate, filter: ReportFilter, statuses: Bool, in db: Database) throws -> [ReportItem] {
        var source = ReportItemCollector.Statuses.none
        if statuses && asOf < .today() {
            source = .history(try qualificationsByItem(in: db))
        } else if statuses {
            var current: [UUID: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ic.item_id, q.status_code FROM item_current ic JOIN qualifications q ON q.id = ic.qualification_id
                """)
            while let row = try rows.next() {
                guard let id = UUID(text: row[0]) else { continue }
                current[id] = row[1]
            }
            source = .current(current)
        }
        return try LedgerStore.reportItems(asOf: asOf, filter: filter, customers: reportCustomers(filter: filter, in: db), statuses: source, in: db)
    }

    /// A customer with a qualification or an action event in any state (on `c`).
    static let journalCondition = "(c.id IN (SELECT customer_id FROM qualifications) OR c.id IN (SELECT customer_id FROM action_events))"

    /// How many customers in the filter have no qualification and no action event, per collector.
    ///
    /// ```sql
    /// SELECT c.collector, count(*) FROM customers c WHERE NOT (c.id IN (…) OR c.id IN (…))  -- + the filter
    /// GROUP BY c.collector
    /// ```
    static func quietCustomers(filter: ReportFilter, in db: Database) throws -> [String?: Int] {
        var sql = "SELECT c.collector, count(*) FROM customers c WHERE NOT \(journalCondition)"
        var arguments: StatementArguments = []
        narrow(&sql, &arguments, filter, customersOnly: true)
        var out: [String?: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql + " GROUP BY c.collector", arguments: arguments) { out[row[0] as String?] = row[1] }
        return out
    }

    /// The filter with the conversion `--in` asks for (``ReportFilter/convertedTo``): every
    /// currency of the filter's part of the replica, at the latest imported rate on or before
    /// `asOf`.
    ///
    /// ```sql
    /// SELECT doc FROM settings WHERE key = 'rates'
    /// SELECT DISTINCT i.currency FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.issue_date <= :asOf  -- + the filter
    /// ```
    /// - Throws: ``ExchangeRates/MissingRates`` when a currency has no rate by then.
    static func converting(_ filter: ReportFilter, asOf: BusinessDate, in db: Database) throws -> ReportFilter {
        guard filter.convertedTo != nil else { return filter }
        var sql = "SELECT DISTINCT i.currency FROM items i JOIN customers c ON c.id = i.customer_id WHERE i.issue_date <= ?"
        var arguments: StatementArguments = [asOf.description]
        narrow(&sql, &arguments, filter)
        let currencies = try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(CurrencyCode.init)
        let rates = try String.fetchOne(db, sql: "SELECT doc FROM settings WHERE key = 'rates'").map(ExchangeRates.fromWire)
        return try filter.converting(rates: rates, currencies: currencies, asOf: asOf)
    }

    /// The filter with its customer code as stored (`c0002` finds `C0002`).
    static func canonical(_ filter: ReportFilter, in db: Database) throws -> ReportFilter {
        guard let code = filter.customer else { return filter }
        var canonical = filter
        canonical.customer = try String.fetchOne(db, sql: "SELECT code FROM customers WHERE id = ?",
                                                 arguments: [customerID(code: code, in: db).text])
        return canonical
    }

    /// Adds the filter's conditions on `c` (customers) and, unless `customersOnly`, `i` (items)
    /// to a query (``ReportFilter/narrowing(_:customersOnly:)``).
    static func narrow(_ sql: inout String, _ arguments: inout StatementArguments, _ filter: ReportFilter, customersOnly: Bool = false) {
        let narrowed = filter.narrowing(sql, customersOnly: customersOnly)
        sql = narrowed.sql
        arguments += StatementArguments(narrowed.arguments)
    }

    /// Every item's qualifications (rejected ones left out), by item id.
    ///
    /// ```sql
    /// SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
    /// WHERE q.state != 'rejected'
    /// ```
    static func qualificationsByItem(in db: Database) throws -> [UUID: [Qualification]] {
        var out: [UUID: [Qualification]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT qi.item_id, q.doc FROM qualification_items qi JOIN qualifications q ON q.id = qi.qualification_id
            WHERE q.state != 'rejected'
            """)
        while let row = try rows.next() {
            guard let id = UUID(text: row[0]) else { continue }
            out[id, default: []].append(try Qualification.fromWire(row[1]))
        }
        return out
    }
}

extension Replica: ReportSource {}
