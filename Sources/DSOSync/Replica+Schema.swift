import Foundation
import GRDB

extension Replica {
    /// Versioned schema of the replica file. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE statuses(code TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE TABLE customers(
                    id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX customers_code ON customers(code);
                CREATE TABLE contacts(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX contacts_customer ON contacts(customer_id);
                CREATE TABLE items(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, number TEXT NOT NULL, cleared INTEGER NOT NULL,
                    due_date TEXT NOT NULL, open_minor INTEGER NOT NULL, currency TEXT NOT NULL,
                    doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX items_customer ON items(customer_id, due_date);
                CREATE INDEX items_number ON items(number);
                CREATE TABLE qualifications(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER,
                    state TEXT NOT NULL, reject_code TEXT, reject_detail TEXT);
                CREATE INDEX qualifications_customer ON qualifications(customer_id);
                CREATE TABLE qualification_items(
                    item_id TEXT NOT NULL, qualification_id TEXT NOT NULL,
                    PRIMARY KEY(item_id, qualification_id)) WITHOUT ROWID;
                CREATE TABLE item_current(item_id TEXT PRIMARY KEY, qualification_id TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE outbox(
                    ord INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL UNIQUE,
                    customer_id TEXT, body TEXT NOT NULL, created_at TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v2-action-events") { db in
            try db.execute(sql: """
                CREATE TABLE action_events(
                    id TEXT PRIMARY KEY, action_id TEXT NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL,
                    seq INTEGER, state TEXT NOT NULL, reject_code TEXT, reject_detail TEXT);
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
                """)
        }
        migrator.registerMigration("v4-contact-edits") { db in
            try db.execute(sql: """
                CREATE TABLE contact_edits(
                    id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL,
                    seq INTEGER, state TEXT NOT NULL, reject_code TEXT, reject_detail TEXT);
                CREATE INDEX contact_edits_customer ON contact_edits(customer_id);
                """)
        }
        migrator.registerMigration("v5-users-download-state") { db in
            try db.execute(sql: "CREATE TABLE users(login TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL)")
            // Replicas made before the download state was kept: complete if their cursor had
            // reached the log (a cursor of the old unsigned format names its phase).
            if let cursor = try Replica.meta("cursor", in: db),
               let text = Data(base64Encoded: cursor.padding(toLength: (cursor.count + 3) / 4 * 4, withPad: "=", startingAt: 0))
                .flatMap({ String(data: $0, encoding: .utf8) }), text.contains(":log:") {
                try Replica.setMeta("downloaded", "1", in: db)
            }
        }
        migrator.registerMigration("v6-typed-columns-derived-state") { db in
            // Typed columns for what reads filter and order on, and the derived state of each
            // customer (CustomerDigest), kept beside the facts. Every customer starts stale: the
            // first read or sync computes its digest.
            try db.execute(sql: """
                ALTER TABLE customers ADD COLUMN collector TEXT;
                UPDATE customers SET collector = json_extract(doc, '$.collector');
                CREATE INDEX customers_collector ON customers(collector, code);
                ALTER TABLE items ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice';
                ALTER TABLE items ADD COLUMN issue_date TEXT NOT NULL DEFAULT '';
                ALTER TABLE items ADD COLUMN initial_minor INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE items ADD COLUMN cleared_date TEXT;
                UPDATE items SET kind = json_extract(doc, '$.kind'), issue_date = json_extract(doc, '$.issueDate'),
                    initial_minor = json_extract(doc, '$.initialAmount.minor'), cleared_date = json_extract(doc, '$.clearedDate');
                CREATE INDEX items_open_due ON items(due_date) WHERE cleared = 0;
                ALTER TABLE qualifications ADD COLUMN status_code TEXT NOT NULL DEFAULT '';
                UPDATE qualifications SET status_code = json_extract(doc, '$.statusCode');
                CREATE TABLE digests(
                    customer_id TEXT PRIMARY KEY, as_of TEXT NOT NULL, valid_until TEXT) WITHOUT ROWID;
                CREATE INDEX digests_valid_until ON digests(valid_until);
                CREATE INDEX digests_as_of ON digests(as_of);
                INSERT INTO digests(customer_id, as_of, valid_until) SELECT id, '', '' FROM customers;
                CREATE TABLE agenda(
                    customer_id TEXT NOT NULL, id TEXT NOT NULL, customer_code TEXT NOT NULL, kind TEXT NOT NULL,
                    channel TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, item_ids TEXT NOT NULL,
                    is_proposal INTEGER NOT NULL, qualify_me INTEGER NOT NULL, PRIMARY KEY(customer_id, id)) WITHOUT ROWID;
                CREATE INDEX agenda_date ON agenda(date);
                CREATE TABLE alerts(
                    customer_id TEXT NOT NULL, ord INTEGER NOT NULL, customer_code TEXT NOT NULL, kind TEXT NOT NULL,
                    subject_id TEXT, since TEXT, label TEXT NOT NULL, PRIMARY KEY(customer_id, ord)) WITHOUT ROWID;
                CREATE INDEX alerts_code ON alerts(customer_code);
                CREATE TABLE promises(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, state TEXT NOT NULL, promised_date TEXT NOT NULL,
                    doc TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX promises_customer ON promises(customer_id);
                CREATE TABLE disputes(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, is_open INTEGER NOT NULL, opened_on TEXT NOT NULL,
                    doc TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX disputes_customer ON disputes(customer_id);
                CREATE INDEX disputes_open ON disputes(is_open, opened_on);
                """)
        }
        migrator.registerMigration("v7-items-typed-only") { db in
            // An item is central-owned and its typed columns hold every field: its wire JSON is
            // no longer kept (nor encoded again for each of the thousands a download brings).
            try db.execute(sql: "ALTER TABLE items DROP COLUMN doc")
        }
        migrator.registerMigration("v8-report-ledgers") { db in
            // Each customer's report inputs, one compact row per currency (ReportLedger): a report
            // over the whole portfolio reads one row per customer, not one per item.
            try db.execute(sql: """
                CREATE TABLE report_ledgers(
                    customer_id TEXT NOT NULL, currency TEXT NOT NULL, entries BLOB NOT NULL, UNIQUE(customer_id, currency));
                """)
            try Replica.markLedgersStale(in: db)
        }
        migrator.registerMigration("v9-conflicts") { db in
            // The conflict inbox: conflicts the server found (this user's, and those of the
            // customers held here) and what people decided, including decisions written here.
            try db.execute(sql: """
                CREATE TABLE conflicts(
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, addressee TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX conflicts_addressee ON conflicts(addressee, id);
                CREATE TABLE conflict_resolutions(
                    id TEXT PRIMARY KEY, conflict_id TEXT NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL,
                    seq INTEGER, state TEXT NOT NULL, reject_code TEXT, reject_detail TEXT);
                CREATE INDEX conflict_resolutions_conflict ON conflict_resolutions(conflict_id);
                """)
        }
        migrator.registerMigration("v10-provenance") { db in
            // When the server received each fact (provenance): from the pages and the snapshot
            // file that bring it, or the push answer that accepted it. Facts held before stay unknown.
            try db.execute(sql: """
                ALTER TABLE qualifications ADD COLUMN received_at TEXT;
                ALTER TABLE action_events ADD COLUMN received_at TEXT;
                ALTER TABLE contact_edits ADD COLUMN received_at TEXT;
                ALTER TABLE conflict_resolutions ADD COLUMN received_at TEXT;
                """)
        }
        return migrator
    }
}
