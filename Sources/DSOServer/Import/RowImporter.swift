import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// Applies CSV rows of one import to the store, inside the import's transaction.
struct RowImporter {
    let kind: ImportKind
    let mode: ItemsImportMode
    let asOf: BusinessDate
    let db: any SQLSession
    /// Keys seen in this file, to refuse a row that repeats one (value: its line).
    private var seenKeys: [String: Int] = [:]
    /// Items the stock file listed.
    private var stockItems = Set<String>()
    /// Payment keys seen in this file, to tell a repeated row from a second equal payment.
    var repeats: [String: Int] = [:]
    /// Customers with an item cleared by this import.
    var clearedCustomers = Set<UUID>()
    /// Customers whose items or payments this import wrote: their report ledgers are rebuilt
    /// before it commits (`LedgerStore.rebuild(of:in:)`).
    var ledgerCustomers = Set<String>()
    /// Customers read during this import, by code (an items file names each one many times).
    private var customers: [String: Customer] = [:]
    /// The rates of a rates file, written as one table when every row is read (``finishRates()``).
    var rates: ExchangeRates?
    /// The time every change of this import is recorded at, formatted once.
    let stamp: String
    /// On PostgreSQL, the items of an items or history file are written by `COPY`, a batch at a
    /// time (``BulkItemWriter``).
    private let bulk: BulkItemWriter?

    init(kind: ImportKind, mode: ItemsImportMode, asOf: BusinessDate, db: any SQLSession) {
        self.kind = kind
        self.mode = mode
        self.asOf = asOf
        self.db = db
        stamp = WireJSON.formatTimestamp(Date())
        if let session = db as? PostgresSession, kind == .items || kind == .history {
            bulk = BulkItemWriter(session: session, stamp: stamp)
        } else {
            bulk = nil
        }
    }

    /// Writes the items still queued (``BulkItemWriter``): before anything reads them or records
    /// another change.
    func flushItems() throws {
        try bulk?.flush()
    }

    /// Writes an item's change, at once or queued for `COPY`.
    private func write(_ item: OpenItem) throws {
        if let bulk {
            try bulk.write(item)
        } else {
            try CentralStore.record(.item(item), in: db, stamp: stamp)
        }
    }

    mutating func importRow(_ row: CSVRow) throws -> RowOutcome {
        switch kind {
        case .customers: return try importCustomer(row)
        case .items: return try importItem(row)
        case .contacts: return try importContact(row)
        case .users: return try importUser(row)
        case .portfolio: return try importAssignment(row)
        case .statuses: return try importStatus(row)
        case .payments: return try importPayment(row)
        case .history: return try importItem(row, history: true)
        case .rates: return try importRate(row)
        }
    }

    mutating func once(_ key: String, line: Int, what: String) throws {
        if let first = seenKeys[key] { throw RowRejection("\(what) already appears on line \(first)") }
        seenKeys[key] = line
    }

    func required(_ row: CSVRow, _ column: String) throws -> String {
        guard let value = row[column] else { throw RowRejection("\(column) is empty") }
        return value
    }

    func date(_ row: CSVRow, _ column: String) throws -> BusinessDate? {
        guard let text = row[column] else { return nil }
        guard let date = BusinessDate(text) else { throw RowRejection("\(column) '\(text)' is not a date (YYYY-MM-DD)") }
        return date
    }

    mutating func customer(code: String) throws -> Customer {
        if let known = customers[code] { return known }
        guard let customer = try CentralStore.customer(code: code, in: db) else {
            throw RowRejection("unknown customer '\(code)'")
        }
        customers[code] = customer
        return customer
    }

    func collector(_ login: String) throws -> String {
        guard let role = try db.value("SELECT role FROM users WHERE login = ?", login, as: String.self) else {
            throw RowRejection("unknown user '\(login)' (import users first)")
        }
        guard role == Role.collector.rawValue else { throw RowRejection("'\(login)' is a \(role), not a collector") }
        return login
    }

    // MARK: customers

    private mutating func importCustomer(_ row: CSVRow) throws -> RowOutcome {
        let code = try required(row, "code")
        guard code.count <= 64 else { throw RowRejection("code is longer than 64 characters") }
        try once("customer:\(code)", line: row.line, what: "customer \(code)")
        let name = try required(row, "name")
        let currencyText = try required(row, "currency")
        guard let currency = CurrencyCode(currencyText) else { throw RowRejection("currency '\(currencyText)' is not an ISO 4217 code") }
        var terms = 30
        if let text = row["payment_terms_days"] {
            guard let value = Int(text), (0...365).contains(value) else { throw RowRejection("payment_terms_days '\(text)' is not 0–365") }
            terms = value
        }
        let existing = try CentralStore.customer(code: code, in: db)
        var collectorLogin = existing?.collector
        if let login = row["collector"] { collectorLogin = try collector(login) }
        var scenario = existing?.scenario
        if let code = row["scenario"] {
            guard try db.value("SELECT 1 FROM scenarios WHERE code = ?", code, as: Bool.self) == true else {
                throw RowRejection("unknown scenario '\(code)' (import scenarios first)")
            }
            scenario = code
        }
        let customer = Customer(id: existing?.id ?? UUIDv7.make(), code: code, name: name, address: row["address"],
                                city: row["city"], country: row["country"], language: row["language"],
                                currency: currency, paymentTermsDays: terms, collector: collectorLogin, scenario: scenario)
        if customer == existing { return .unchanged }
        try CentralStore.record(.customer(customer), collectorFrom: existing?.collector, collectorTo: customer.collector, in: db, stamp: stamp)
        return existing == nil ? .created : .updated
    }

    // MARK: portfolio

    private mutating func importAssignment(_ row: CSVRow) throws -> RowOutcome {
        let code = try required(row, "customer")
        try once("customer:\(code)", line: row.line, what: "customer \(code)")
        var customer = try customer(code: code)
        let previous = customer.collector
        customer.collector = try row["collector"].map(collector)
        if customer.collector == previous { return .unchanged }
        customers[code] = customer
        try CentralStore.record(.customer(customer), collectorFrom: previous, collectorTo: customer.collector, in: db, stamp: stamp)
        return .updated
    }

    // MARK: users

    private mutating func importUser(_ row: CSVRow) throws -> RowOutcome {
        let login = try required(row, "login")
        guard User.isValidLogin(login) else { throw RowRejection("login '\(login)' may hold only a-z, 0-9, '.', '_' and '-'") }
        try once("user:\(login)", line: row.line, what: "user \(login)")
        let roleText = try required(row, "role")
        guard let role = Role(rawValue: roleText.lowercased()) else {
            throw RowRejection("role '\(roleText)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let user = User(login: login, name: row["name"], email: row["email"], role: role)
        let existing = try CentralStore.user(login: login, in: db)
        if existing == user { return .unchanged }
        try CentralStore.upsertUser(user, before: existing, in: db)
        return existing == nil ? .created : .updated
    }

    // MARK: contacts

    private mutating func importContact(_ row: CSVRow) throws -> RowOutcome {
        let customer = try customer(code: try required(row, "customer"))
        let name = try required(row, "name")
        let email = row["email"]
        if let email, !email.contains("@") || email.contains(" ") { throw RowRejection("email '\(email)' is not an address") }
        try once("contact:\(customer.code):\(name.lowercased()):\(email?.lowercased() ?? "")", line: row.line, what: "contact \(name)")
        var flag = false
        if let text = row["collection_contact"] {
            switch text.lowercased() {
            case "yes", "y", "true", "1", "x": flag = true
            case "no", "n", "false", "0": flag = false
            default: throw RowRejection("collection_contact '\(text)' is not yes or no")
            }
        }
        let contacts = try db.values("SELECT doc FROM contacts WHERE customer_id = ?", customer.id.text, as: String.self)
            .map(Contact.fromWire)
        if contacts.contains(where: { $0.name.lowercased() == name.lowercased() && $0.email?.lowercased() == email?.lowercased() }) {
            return .unchanged
        }
        let current = contacts.first(where: \.isCollectionContact)
        let isCollection = flag || current == nil
        if isCollection, var previous = current {
            previous.isCollectionContact = false
            try CentralStore.record(.contact(previous), in: db, stamp: stamp)
        }
        let contact = Contact(id: UUIDv7.make(), customerID: customer.id, name: name, role: row["role"], email: email,
                              phone: row["phone"], isCollectionContact: isCollection)
        try CentralStore.record(.contact(contact), in: db, stamp: stamp)
        return .created
    }

    // MARK: open items

    /// An open item (`items`), or with `history` an invoice already paid: cleared on its
    /// `payment_date`, nothing open, whatever the import mode.
    private mutating func importItem(_ row: CSVRow, history: Bool = false) throws -> RowOutcome {
        let customer = try customer(code: try required(row, "customer"))
        let number = try required(row, "number")
        try once("item:\(customer.code):\(number)", line: row.line, what: "item \(number) of \(customer.code)")
        let kindText = row["kind"] ?? "invoice"
        guard let kind = ItemKind(rawValue: kindText.lowercased().replacingOccurrences(of: " ", with: "_")) else {
            throw RowRejection("kind '\(kindText)' is not invoice, credit_note or payment")
        }
        guard let issue = try date(row, "issue_date") else { throw RowRejection("issue_date is empty") }
        guard let due = try date(row, "due_date") else { throw RowRejection("due_date is empty") }
        var currency = customer.currency
        if let text = row["currency"] {
            guard let code = CurrencyCode(text) else { throw RowRejection("currency '\(text)' is not an ISO 4217 code") }
            currency = code
        }
        let amountText = try required(row, "amount")
        guard let amount = Money(decimal: amountText, currency: currency) else {
            throw RowRejection("amount '\(amountText)' is not a decimal amount in \(currency) (at most \(currency.minorDigits) decimals)")
        }
        var open = amount
        if !history, let text = row["open_amount"] {
            guard let value = Money(decimal: text, currency: currency) else { throw RowRejection("open_amount '\(text)' is not a decimal amount in \(currency)") }
            open = value
        }
        if kind == .invoice && amount.minor < 0 { throw RowRejection("an invoice's amount must be positive (credit notes and payments are negative)") }
        if kind != .invoice && amount.minor > 0 { throw RowRejection("a \(kind == .payment ? "payment" : "credit note")'s amount must be negative") }
        if open.minor != 0 && (open.minor.signum() != amount.minor.signum() || open.minor.magnitude > amount.minor.magnitude) {
            throw RowRejection("open_amount \(open.decimalString) must lie between 0 and amount \(amount.decimalString)")
        }
        var cleared = try date(row, history ? "payment_date" : "cleared_date")
        if history {
            guard let paid = cleared else { throw RowRejection("payment_date is empty") }
            if paid < issue { throw RowRejection("payment_date \(paid) is before issue_date \(issue)") }
            if paid > asOf { throw RowRejection("payment_date \(paid) is after \(asOf): a history file lists invoices already paid") }
        } else if mode == .stock && cleared != nil {
            throw RowRejection("a stock file lists open items only: remove cleared_date or use --mode delta")
        }
        if open.minor == 0 && cleared == nil { cleared = asOf }
        if cleared != nil { open = Money(minor: 0, currency: currency) }

        let existing = try bulk.map { try $0.item(customer: customer.id, number: number) }
            ?? db.row("SELECT \(CentralStore.itemColumns) FROM items WHERE customer_id = ? AND number = ?", customer.id.text, number)
                .map(CentralStore.typedItem)
        let item = OpenItem(id: existing?.id ?? UUIDv7.make(), customerID: customer.id, number: number, kind: kind,
                            issueDate: issue, dueDate: due, initialAmount: amount, openAmount: open,
                            clearedDate: history ? cleared : cleared.map { existing?.clearedDate ?? $0 })
        stockItems.insert(item.id.text)
        if item == existing { return .unchanged }
        try write(item)
        ledgerCustomers.insert(customer.id.text)
        if existing == nil { return .created }
        if item.isCleared && existing?.isCleared == false {
            clearedCustomers.insert(customer.id)
            return .cleared
        }
        return .updated
    }

    /// Stock mode: clears every open item the file did not list. Returns how many.
    ///
    /// ```sql
    /// SELECT id FROM items WHERE cleared = 0
    /// SELECT id, customer_id, number, kind, issue_date, due_date, initial_minor, open_minor, currency, cleared_date
    /// FROM items WHERE id = ?   -- each item to clear
    /// ```
    mutating func clearItemsMissingFromStock() throws -> Int {
        try flushItems()
        var count = 0
        let missing = try db.values("SELECT id FROM items WHERE cleared = 0", as: String.self).filter { !stockItems.contains($0) }
        for id in missing {
            guard let uuid = UUID(text: id), var item = try CentralStore.item(id: uuid, in: db) else { throw CorruptRow(table: "items", key: id) }
            item.clearedDate = asOf
            item.openAmount = Money(minor: 0, currency: item.openAmount.currency)
            try write(item)
            clearedCustomers.insert(item.customerID)
            ledgerCustomers.insert(item.customerID.text)
            count += 1
        }
        return count
    }
}
