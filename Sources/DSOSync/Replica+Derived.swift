import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// The derived state of each customer (``CustomerDigest``: agenda entries, alerts, promises,
/// disputes) is stored in the `digests`, `agenda`, `alerts`, `promises` and `disputes` tables.
///
/// A write that touches customers recomputes theirs in its own transaction; a pulled snapshot
/// page only marks them stale (`valid_until = ''`), and the end of the sync computes them in
/// batches. Reads first bring stale digests up to the day they read for
/// (``Replica/refreshDerived(today:)``), so they are plain indexed queries.
extension Replica {
    /// Customers recomputed per write transaction when catching up.
    static let refreshBatch = 500

    /// Marks customers' derived state stale, in the caller's transaction.
    ///
    /// ```sql
    /// INSERT INTO digests(customer_id, as_of, valid_until) VALUES (?, '', '')
    /// ON CONFLICT(customer_id) DO UPDATE SET valid_until = ''
    /// ```
    static func markStale(_ customers: some Sequence<String>, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO digests(customer_id, as_of, valid_until) VALUES (?, '', '')
            ON CONFLICT(customer_id) DO UPDATE SET valid_until = ''
            """)
        for id in customers { try statement.execute(arguments: [id]) }
    }

    /// Marks every customer stale: the catalogue, a scenario or the settings changed.
    static func markAllStale(in db: Database) throws {
        try db.execute(sql: "UPDATE digests SET valid_until = ''")
    }

    /// Up to `limit` customers whose stored digest does not hold on `today`.
    ///
    /// ```sql
    /// SELECT customer_id FROM digests WHERE valid_until <= ? UNION SELECT customer_id FROM digests WHERE as_of > ? LIMIT ?
    /// ```
    static func staleCustomers(today: BusinessDate, limit: Int, in db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT customer_id FROM digests WHERE valid_until <= ?1
            UNION SELECT customer_id FROM digests WHERE as_of > ?1 LIMIT ?2
            """), arguments: [today.description, limit])
    }

    /// Brings every stale digest up to `today`, in write transactions of ``refreshBatch``
    /// customers. Cheap when nothing is stale (two index lookups).
    public func refreshDerived(today: BusinessDate = .today()) throws {
        guard try pool.read({ db in try !Replica.staleCustomers(today: today, limit: 1, in: db).isEmpty }) else { return }
        while try pool.write({ db -> Bool in
            let stale = try Replica.staleCustomers(today: today, limit: Replica.refreshBatch, in: db)
            try Replica.recompute(stale, today: today, in: db)
            return stale.count == Replica.refreshBatch
        }) {}
    }

    /// Recomputes the digests of `customers` on `today` from their facts, in the caller's
    /// transaction; a customer no longer on the replica loses its derived rows. `replacing`:
    /// `false` when the caller knows the customers have no derived rows yet (the first download
    /// empties the derived tables), which saves five deletes per customer.
    static func recompute(_ customers: [String], today: BusinessDate, replacing: Bool = true, in db: Database) throws {
        guard !customers.isEmpty else { return }
        let context = try DerivedContext(in: db)
        let files = try customerFiles(customers: customers, in: db)
        let contacts = try collectionContacts(of: customers, in: db)
        if replacing { for id in customers { try deleteDerived(of: id, in: db) } }
        for file in files {
            let digest = CustomerDigest.compute(file: file, scenario: context.scenario(of: file.customer), settings: context.settings,
                                                hasCollectionContact: contacts.contains(file.customer.id.text), today: today)
            try store(digest, customerCode: file.customer.code, in: db)
        }
    }

    /// The derived state of every customer, computed from scratch on `today` (what `check` compares with).
    static func computeAll(today: BusinessDate, in db: Database) throws -> [CustomerDigest] {
        let context = try DerivedContext(in: db)
        let ids = try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id")
        let contacts = try collectionContacts(of: ids, in: db)
        var out: [CustomerDigest] = []
        for start in stride(from: 0, to: ids.count, by: refreshBatch) {
            for file in try customerFiles(customers: Array(ids[start..<min(ids.count, start + refreshBatch)]), in: db) {
                out.append(CustomerDigest.compute(file: file, scenario: context.scenario(of: file.customer), settings: context.settings,
                                                  hasCollectionContact: contacts.contains(file.customer.id.text), today: today))
            }
        }
        return out
    }

    /// What the rules read besides a customer's own facts.
    struct DerivedContext {
        var scenarios: [String: Scenario]
        var settings: CollectionSettings

        init(in db: Database) throws {
            scenarios = try Replica.scenarios(in: db)
            settings = try Replica.settings(in: db)
        }

        func scenario(of customer: Customer) -> Scenario {
            Agenda.scenario(of: customer, scenarios, { $0.scenario })
        }
    }

    /// The customers among `ids` whose resolved contacts name a contact for collection.
    ///
    /// Only customers with contact edits are resolved in Swift (``Contact/resolve(imported:edits:)``);
    /// without edits that rule keeps the imported flags, so SQLite answers for the others:
    /// ```sql
    /// SELECT DISTINCT customer_id FROM contact_edits WHERE customer_id IN (?, …) AND state != 'rejected'
    /// SELECT DISTINCT customer_id FROM contacts WHERE customer_id IN (?, …)
    ///     AND json_extract(doc, '$.isCollectionContact') = 1
    /// ```
    static func collectionContacts(of ids: [String], in db: Database) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let list = "(" + Array(repeating: "?", count: ids.count).joined(separator: ",") + ")"
        let arguments = StatementArguments(ids)
        let edited = Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT customer_id FROM contact_edits WHERE customer_id IN \(list) AND state != 'rejected'
            """, arguments: arguments))
        var out = Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT customer_id FROM contacts WHERE customer_id IN \(list) AND json_extract(doc, '$.isCollectionContact') = 1
            """, arguments: arguments)).subtracting(edited)
        for id in edited {
            guard let uuid = UUID(text: id) else { continue }
            if try resolvedContacts(customer: uuid, in: db).contains(where: \.contact.isCollectionContact) { out.insert(id) }
        }
        return out
    }

    static func deleteDerived(of customer: String, in db: Database) throws {
        for table in ["digests", "agenda", "alerts", "promises", "disputes"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE customer_id = ?").execute(arguments: [customer])
        }
    }

    /// Stores one digest (its customer's old rows already deleted).
    static func store(_ digest: CustomerDigest, customerCode: String, in db: Database) throws {
        let customer = digest.customerID.text
        try db.cachedStatement(sql: "INSERT INTO digests(customer_id, as_of, valid_until) VALUES (?, ?, ?)")
            .execute(arguments: [customer, digest.asOf.description, digest.validUntil?.description])
        let agenda = try db.cachedStatement(sql: """
            INSERT INTO agenda(customer_id, id, customer_code, kind, channel, title, date, item_ids, is_proposal, qualify_me)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for e in digest.agenda {
            try agenda.execute(arguments: [customer, e.id.text, e.customerCode, e.kind.rawValue, e.channel.rawValue, e.title,
                                           e.date.description, e.itemIDs.map(\.text).joined(separator: ","), e.isProposal, e.qualifyMe])
        }
        let alerts = try db.cachedStatement(sql: """
            INSERT INTO alerts(customer_id, ord, customer_code, kind, subject_id, since, label) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (ord, a) in digest.alerts.enumerated() {
            try alerts.execute(arguments: [customer, ord, customerCode, a.kind.rawValue, a.subjectID?.text, a.since?.description, a.label])
        }
        let promises = try db.cachedStatement(sql: "INSERT INTO promises(id, customer_id, state, promised_date, doc) VALUES (?, ?, ?, ?, ?)")
        for p in digest.promises {
            try promises.execute(arguments: [p.promise.id.text, customer, p.state.rawValue, p.promise.promisedDate.description,
                                             try p.wireJSON()])
        }
        let disputes = try db.cachedStatement(sql: "INSERT INTO disputes(id, customer_id, is_open, opened_on, doc) VALUES (?, ?, ?, ?, ?)")
        for d in digest.disputes {
            try disputes.execute(arguments: [d.id.text, customer, d.isOpen, d.openedOn.description, try d.wireJSON()])
        }
    }

    /// The stored digest of every customer, as ``computeAll(today:in:)`` would give it.
    static func storedDigests(in db: Database) throws -> [CustomerDigest] {
        var digests: [String: CustomerDigest] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, as_of, valid_until FROM digests ORDER BY customer_id") {
            let id: String = row["customer_id"]
            guard let uuid = UUID(text: id), let asOf = BusinessDate(row["as_of"] as String) else { continue }
            digests[id] = CustomerDigest(customerID: uuid, asOf: asOf, validUntil: (row["valid_until"] as String?).flatMap { BusinessDate($0) },
                                         agenda: [], promises: [], disputes: [], alerts: [])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM agenda ORDER BY customer_id, id") {
            digests[row["customer_id"]]?.agenda.append(try agendaEntry(row))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM alerts ORDER BY customer_id, ord") {
            digests[row["customer_id"]]?.alerts.append(try alertBasis(row))
        }
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, doc FROM promises") {
            digests[row["customer_id"]]?.promises.append(try PromiseView.fromWire(row["doc"]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, doc FROM disputes") {
            digests[row["customer_id"]]?.disputes.append(try Dispute.fromWire(row["doc"]))
        }
        return digests.keys.sorted().map { digests[$0]! }
    }

    static func agendaEntry(_ row: Row) throws -> AgendaEntry {
        guard let id = UUID(text: row["id"]), let customer = UUID(text: row["customer_id"]),
              let kind = ActionKind(rawValue: row["kind"]), let channel = Channel(rawValue: row["channel"]),
              let date = BusinessDate(row["date"] as String) else { throw ReplicaError.corrupt("agenda row") }
        let items = (row["item_ids"] as String).split(separator: ",").compactMap { UUID(text: String($0)) }
        let qualifyMe: Bool = row["qualify_me"]
        return AgendaEntry(id: id, customerID: customer, customerCode: row["customer_code"], kind: kind, channel: channel,
                           title: row["title"], date: date, itemIDs: items, isProposal: row["is_proposal"], qualifyMe: qualifyMe,
                           bucket: .upcoming)
    }

    static func alertBasis(_ row: Row) throws -> CollectionAlert.Basis {
        guard let customer = UUID(text: row["customer_id"]), let kind = CollectionAlert.Kind(rawValue: row["kind"]) else {
            throw ReplicaError.corrupt("alert row")
        }
        return CollectionAlert.Basis(kind: kind, customerID: customer, customerCode: row["customer_code"],
                                     subjectID: (row["subject_id"] as String?).flatMap(UUID.init(text:)),
                                     since: (row["since"] as String?).flatMap { BusinessDate($0) }, label: row["label"])
    }
}
