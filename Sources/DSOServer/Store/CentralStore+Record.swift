import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// Appends one change to the log and applies it to the current-state tables, in the caller's
    /// transaction. Returns its sequence number.
    ///
    /// `payload` is the change's wire JSON when the caller already has it (a push encodes its
    /// payloads before it waits for the writer, so the write transaction does no JSON work);
    /// `stamp` the formatted receive time, shared by the changes of one push.
    ///
    /// ```sql
    /// INSERT INTO changes(kind, customer_id, payload, collector_from, collector_to, at) VALUES (?, ?, ?, ?, ?, ?)  -- SQLite: the new seq is the rowid
    /// INSERT INTO changes(seq, kind, …) VALUES (?, ?, …)  -- PostgreSQL: the seq drawn under the write lock (SQLSession.nextSequence)
    /// INSERT INTO <entity table> ... ON CONFLICT DO UPDATE SET doc = excluded.doc, seq = excluded.seq
    /// ```
    ///
    /// The same statements on either engine; the sequence number is the engine's
    /// (``SQLSession/insertNumbered(_:key:_:)``).
    @discardableResult
    static func record(_ body: ChangeBody, payload: String? = nil, collectorFrom: String? = nil, collectorTo: String? = nil,
                       in session: some SQLSession, at date: Date = Date(), stamp: String? = nil) throws -> Int64 {
        let payload = try payload ?? body.payloadJSON()
        // Conflicts and their resolutions are addressed to the author of the losing or refused
        // side (`collector_to`), who may no longer hold the customer (PROTOCOL 19).
        var collectorTo = collectorTo
        switch body {
        case .conflict(let c): collectorTo = c.addressee
        case .conflictResolution(let r):
            collectorTo = try session.value("SELECT addressee FROM conflicts WHERE id = ?", r.conflictID.text)
        default: break
        }
        let at = stamp ?? WireJSON.formatTimestamp(date)
        let seq: Int64
        if let next = try session.nextSequence() {
            try session.send("INSERT INTO changes(seq, kind, customer_id, payload, collector_from, collector_to, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             next, body.kind.rawValue, body.customerID?.text, payload, collectorFrom, collectorTo, at)
            seq = next
        } else {
            seq = try session.insertNumbered("""
                INSERT INTO changes(kind, customer_id, payload, collector_from, collector_to, at) VALUES (?, ?, ?, ?, ?, ?)
                """, key: "seq", [body.kind.rawValue, body.customerID?.text, payload, collectorFrom, collectorTo, at])
        }
        switch body {
        case .status(let s):
            try session.send("""
                INSERT INTO statuses(code, doc, seq) VALUES (?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET doc = excluded.doc, seq = excluded.seq
                """, s.code, payload, seq)
        case .customer(let c):
            try session.send("""
                INSERT INTO customers(id, code, collector, doc, seq) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET code = excluded.code, collector = excluded.collector,
                    doc = excluded.doc, seq = excluded.seq
                """, c.id.text, c.code, c.collector, payload, seq)
            try moveAssignment(customer: c.id.text, to: c.collector, millis: date.millis, in: session)
        case .contact(let c):
            try session.send("""
                INSERT INTO contacts(id, customer_id, doc, seq) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, seq = excluded.seq
                """, c.id.text, c.customerID.text, payload, seq)
        case .item(let i):
            try session.send("""
                INSERT INTO items(id, customer_id, number, cleared, kind, issue_date, due_date, initial_minor, open_minor,
                    currency, cleared_date, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET number = excluded.number, cleared = excluded.cleared, kind = excluded.kind,
                    issue_date = excluded.issue_date, due_date = excluded.due_date, initial_minor = excluded.initial_minor,
                    open_minor = excluded.open_minor, currency = excluded.currency, cleared_date = excluded.cleared_date,
                    doc = excluded.doc, seq = excluded.seq
                """, i.id.text, i.customerID.text, i.number, i.isCleared, i.kind.rawValue,
                i.issueDate.description, i.dueDate.description, i.initialAmount.minor, i.openAmount.minor,
                i.openAmount.currency.code, i.clearedDate?.description, payload, seq)
        case .qualification(let q):
            try session.send("INSERT INTO qualifications(id, customer_id, doc, seq) VALUES (?, ?, ?, ?)", q.id.text, q.customerID.text, payload, seq)
            let (id, hlc, replica) = (q.id.text, q.hlc.description, q.replicaID.text)
            for itemID in q.itemIDs {
                try session.send("INSERT INTO qualification_items(item_id, qualification_id) VALUES (?, ?)", itemID.text, id)
                // The item's current status moves only to a qualification that comes later in
                // precedence order (JournalFact.precedes: HLC, then replica id, then id).
                try session.send("""
                    INSERT INTO item_current(item_id, qualification_id, hlc, replica_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT(item_id) DO UPDATE SET qualification_id = excluded.qualification_id, hlc = excluded.hlc,
                        replica_id = excluded.replica_id
                    WHERE (excluded.hlc, excluded.replica_id, excluded.qualification_id)
                        > (item_current.hlc, item_current.replica_id, item_current.qualification_id)
                    """, itemID.text, id, hlc, replica)
            }
        case .actionEvent(let e):
            try session.send("INSERT INTO action_events(id, action_id, customer_id, doc, seq) VALUES (?, ?, ?, ?, ?)",
                                e.id.text, e.actionID.text, e.customerID.text, payload, seq)
        case .scenario(let s):
            try session.send("""
                INSERT INTO scenarios(code, doc, seq) VALUES (?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET doc = excluded.doc, seq = excluded.seq
                """, s.code, payload, seq)
        case .settings:
            try session.send("""
                INSERT INTO settings(key, doc, seq) VALUES ('collection', ?, ?)
                ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, seq = excluded.seq
                """, payload, seq)
        case .rates:
            try session.send("""
                INSERT INTO settings(key, doc, seq) VALUES ('rates', ?, ?)
                ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, seq = excluded.seq
                """, payload, seq)
        case .payment(let p):
            try session.send("INSERT INTO payments(id, customer_id, item_id, doc, seq) VALUES (?, ?, ?, ?, ?)",
                                p.id.text, p.customerID.text, p.itemID.text, payload, seq)
        case .contactEdit(let e):
            try session.send("INSERT INTO contact_edits(id, contact_id, customer_id, doc, seq) VALUES (?, ?, ?, ?, ?)",
                                e.id.text, e.contactID.text, e.customerID.text, payload, seq)
        case .user(let u):
            try session.send("UPDATE users SET doc = ?, seq = ? WHERE login = ?", payload, seq, u.login)
        case .conflict(let c):
            try session.send("""
                INSERT INTO conflicts(id, customer_id, kind, addressee, fact_id, fact_kind, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, c.id.text, c.customerID.text, c.kind.rawValue, c.addressee, c.mine.factID.text, c.mine.factKind, payload, seq)
        case .conflictResolution(let r):
            try session.send("""
                INSERT INTO conflict_resolutions(id, conflict_id, customer_id, addressee, doc, seq) VALUES (?, ?, ?, ?, ?, ?)
                """, r.id.text, r.conflictID.text, r.customerID.text, collectorTo ?? r.author, payload, seq)
        case .customerRemoved, .unknown:
            break
        }
        return seq
    }

    /// An action's state, replayed from its stored events.
    ///
    /// ```sql
    /// SELECT doc FROM action_events WHERE action_id = ?
    /// ```
    static func action(id: UUID, in db: some SQLSession) throws -> CollectionAction? {
        let events = try db.rows("SELECT doc FROM action_events WHERE action_id = ?", id.text).map { try ActionEvent.fromWire($0.text(0)) }
        return CollectionAction.replay(events)
    }
}
