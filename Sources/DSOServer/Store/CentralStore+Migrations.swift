import DSOModel
import DSOStore
import DSOProtocol
import GRDB

extension CentralStore {
    /// Versioned schema migrations. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE users(
                    login TEXT PRIMARY KEY, name TEXT, email TEXT, role TEXT NOT NULL,
                    created_at TEXT NOT NULL);
                CREATE TABLE tokens(
                    hash TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES users(login),
                    created_at TEXT NOT NULL, revoked_at TEXT);
                CREATE INDEX tokens_login ON tokens(login);
                CREATE TABLE changes(
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, customer_id TEXT,
                    payload TEXT NOT NULL, collector_from TEXT, collector_to TEXT, at TEXT NOT NULL);
                CREATE INDEX changes_customer ON changes(customer_id, seq);
                CREATE TABLE statuses(code TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE TABLE customers(
                    id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, collector TEXT,
                    doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX customers_collector ON customers(collector);
                CREATE TABLE contacts(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX contacts_customer ON contacts(customer_id);
                CREATE TABLE items(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, number TEXT NOT NULL,
                    cleared INTEGER NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL,
                    UNIQUE(customer_id, number));
                CREATE INDEX items_open ON items(cleared);
                CREATE TABLE qualifications(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX qualifications_customer ON qualifications(customer_id);
                CREATE TABLE qualification_items(
                    item_id TEXT NOT NULL, qualification_id TEXT NOT NULL,
                    PRIMARY KEY(item_id, qualification_id)) WITHOUT ROWID;
                CREATE TABLE item_current(item_id TEXT PRIMARY KEY, qualification_id TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE receipts(
                    change_id TEXT PRIMARY KEY, replica_id TEXT NOT NULL, login TEXT NOT NULL,
                    outcome TEXT NOT NULL, seq INTEGER, code TEXT, detail TEXT, at TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE imports(
                    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, file TEXT NOT NULL,
                    mode TEXT, at TEXT NOT NULL, report TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v1-default-statuses") { db in
            for status in StatusCatalogue.defaults {
                _ = try CentralStore.record(.status(status), in: db)
            }
        }
        migrator.registerMigration("v2-action-events") { db in
            try db.execute(sql: """
                CREATE TABLE action_events(
                    id TEXT PRIMARY KEY, action_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX action_events_action ON action_events(action_id);
                CREATE INDEX action_events_customer ON action_events(customer_id);
                """)
        }
        migrator.registerMigration("v3-scenarios-settings-payments") { db in
            try db.execute(sql: """
                CREATE TABLE scenarios(code TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE TABLE settings(key TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE TABLE payments(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, item_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX payments_customer ON payments(customer_id);
                CREATE INDEX payments_item ON payments(item_id);
                """)
            _ = try CentralStore.record(.scenario(.standard), in: db)
            _ = try CentralStore.record(.settings(CollectionSettings()), in: db)
        }
        migrator.registerMigration("v4-contact-edits") { db in
            try db.execute(sql: """
                CREATE TABLE contact_edits(
                    id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX contact_edits_customer ON contact_edits(customer_id);
                """)
        }
        migrator.registerMigration("v5-users-replicated") { db in
            // Users reach every replica (login, name, role; never a token) as `user.upsert`.
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN doc TEXT;
                ALTER TABLE users ADD COLUMN seq INTEGER;
                """)
            for user in try Row.fetchAll(db, sql: "SELECT login, name, email, role FROM users ORDER BY login").map(CentralStore.user(from:)) {
                try CentralStore.record(.user(user.profile), in: db)
            }
        }
        migrator.registerMigration("v6-keyset-indexes") { db in
            // Snapshot pages walk a collector's customers in id order, then each customer's rows
            // in id order: no page sorts the portfolio.
            try db.execute(sql: """
                DROP INDEX customers_collector;
                CREATE UNIQUE INDEX customers_collector ON customers(collector, id);
                DROP INDEX contacts_customer;
                CREATE INDEX contacts_customer ON contacts(customer_id, id);
                CREATE INDEX items_customer ON items(customer_id, id);
                DROP INDEX qualifications_customer;
                CREATE INDEX qualifications_customer ON qualifications(customer_id, id);
                DROP INDEX action_events_customer;
                CREATE INDEX action_events_customer ON action_events(customer_id, id);
                DROP INDEX payments_customer;
                CREATE INDEX payments_customer ON payments(customer_id, id);
                DROP INDEX contact_edits_customer;
                CREATE INDEX contact_edits_customer ON contact_edits(customer_id, id);
                """)
        }
        migrator.registerMigration("v7-typed-ingest") { db in
            // Push validation reads typed columns, not documents: every field of an item, and the
            // precedence of the qualification that gives an item its current status (HLC wire
            // form sorts like the clock, then replica id, then id: JournalFact.precedes).
            try db.execute(sql: """
                ALTER TABLE items ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice';
                ALTER TABLE items ADD COLUMN issue_date TEXT NOT NULL DEFAULT '';
                ALTER TABLE items ADD COLUMN due_date TEXT NOT NULL DEFAULT '';
                ALTER TABLE items ADD COLUMN initial_minor INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE items ADD COLUMN open_minor INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE items ADD COLUMN currency TEXT NOT NULL DEFAULT '';
                ALTER TABLE items ADD COLUMN cleared_date TEXT;
                UPDATE items SET kind = json_extract(doc, '$.kind'), issue_date = json_extract(doc, '$.issueDate'),
                    due_date = json_extract(doc, '$.dueDate'), initial_minor = json_extract(doc, '$.initialAmount.minor'),
                    open_minor = json_extract(doc, '$.openAmount.minor'), currency = json_extract(doc, '$.openAmount.currency'),
                    cleared_date = json_extract(doc, '$.clearedDate');
                ALTER TABLE item_current ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
                ALTER TABLE item_current ADD COLUMN replica_id TEXT NOT NULL DEFAULT '';
                UPDATE item_current SET
                    hlc = (SELECT json_extract(q.doc, '$.hlc') FROM qualifications q WHERE q.id = item_current.qualification_id),
                    replica_id = (SELECT json_extract(q.doc, '$.replicaID') FROM qualifications q WHERE q.id = item_current.qualification_id);
                """)
        }
        migrator.registerMigration("v8-scoped-log-indexes") { db in
            // A collector's log page far behind the head seeks her customers' changes and the
            // reassignments naming her, instead of scanning every change since her cursor.
            try db.execute(sql: """
                CREATE INDEX changes_collector_from ON changes(collector_from, seq) WHERE collector_from IS NOT NULL;
                CREATE INDEX changes_collector_to ON changes(collector_to, seq) WHERE collector_to IS NOT NULL;
                """)
        }
        migrator.registerMigration("v9-replica-syncs") { db in
            // When each replica last pushed and last caught up (`report activity`).
            try db.execute(sql: """
                CREATE TABLE replica_syncs(
                    login TEXT NOT NULL, replica_id TEXT NOT NULL, last_push_at TEXT, last_pull_at TEXT,
                    PRIMARY KEY (login, replica_id)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10-report-ledger-index") { db in
            // The reports read every item's dates and amounts (the ledger): from this index alone,
            // customer by customer, never from the rows and their documents.
            try db.execute(sql: """
                CREATE INDEX items_ledger ON items(customer_id, issue_date, kind, due_date, cleared_date, initial_minor, open_minor, currency);
                """)
        }
        migrator.registerMigration("v11-report-ledgers") { db in
            // Each customer's report inputs, one compact row per currency (ReportLedger): a report
            // over the whole book reads one row per customer, not one per item.
            try db.execute(sql: """
                CREATE TABLE report_ledgers(
                    customer_id TEXT NOT NULL, currency TEXT NOT NULL, entries BLOB NOT NULL, UNIQUE(customer_id, currency));
                """)
            try LedgerStore.rebuildAll(in: db)
        }
        migrator.registerMigration("v12-drop-item-ledger-index") { db in
            // The reports read the report ledgers now: the covering index of v10 only cost the imports.
            try db.execute(sql: "DROP INDEX items_ledger")
        }
        migrator.registerMigration("v13-assignments-conflicts") { db in
            // Each customer's portfolio history (who held it, from when, to when), so that field
            // work done offline across a reassignment is judged at its own time; the conflict
            // inbox (conflicts found and what people decided), replicated as facts.
            try db.execute(sql: """
                CREATE TABLE assignments(
                    customer_id TEXT NOT NULL, collector TEXT NOT NULL, from_ms INTEGER NOT NULL, to_ms INTEGER);
                CREATE INDEX assignments_customer ON assignments(customer_id, collector);
                CREATE UNIQUE INDEX assignments_open ON assignments(customer_id) WHERE to_ms IS NULL;
                CREATE TABLE conflicts(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, addressee TEXT NOT NULL,
                    fact_id TEXT NOT NULL, fact_kind TEXT NOT NULL, fact_payload TEXT, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX conflicts_customer ON conflicts(customer_id, id);
                CREATE INDEX conflicts_addressee ON conflicts(addressee, id);
                CREATE INDEX conflicts_fact ON conflicts(fact_id);
                CREATE TABLE conflict_resolutions(
                    id TEXT PRIMARY KEY, conflict_id TEXT NOT NULL UNIQUE, customer_id TEXT NOT NULL, addressee TEXT NOT NULL,
                    doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX conflict_resolutions_customer ON conflict_resolutions(customer_id, id);
                CREATE INDEX conflict_resolutions_addressee ON conflict_resolutions(addressee, id);
                """)
            // The history so far, from the log: every change of a customer's collector.
            var held: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT customer_id, collector_to, at FROM changes WHERE kind = 'customer.upsert' ORDER BY seq
                """) {
                let customer: String = row["customer_id"]
                let collector: String? = row["collector_to"]
                guard held[customer] != collector else { continue }
                let millis = WireJSON.parseTimestamp(row["at"]).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
                try CentralStore.moveAssignment(customer: customer, to: collector, millis: millis, in: db)
                held[customer] = collector
            }
        }
        migrator.registerMigration("v14-console") { db in
            // The web console: signed-in browser sessions (only the hash of the cookie is kept,
            // with the token it was exchanged for, so revoking the token ends the session) and
            // the audit log of what administrators and managers did there.
            try db.execute(sql: """
                CREATE TABLE console_sessions(
                    hash TEXT PRIMARY KEY, login TEXT NOT NULL, token_hash TEXT NOT NULL, csrf TEXT NOT NULL,
                    created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);
                CREATE INDEX console_sessions_expiry ON console_sessions(expires_ms);
                CREATE TABLE console_audit(
                    id INTEGER PRIMARY KEY, at TEXT NOT NULL, login TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
                """)
        }
        return migrator
    }
}
