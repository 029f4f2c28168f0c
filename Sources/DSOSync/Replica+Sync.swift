import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// Reconciles with the server: pushes the outbox in bounded change-sets, then pulls pages
    /// until none remain. Each page is applied together with its cursor in one transaction, so
    /// an interrupted sync resumes where it stopped; a push retried after a lost answer is
    /// answered `duplicate` and applied once.
    ///
    /// - Parameters:
    ///   - client: a client for the attached server.
    ///   - retry: backoff for network failures and 5xx answers.
    ///   - pageSize: changes per pull page and per push.
    ///   - progress: called after each change-set and page.
    ///   - snapshotFile: make the first download (and a re-bootstrap) through protocol version 2,
    ///     the scope as one SQLite file, when the server serves it; `false`: version 1 pages only.
    /// - Throws: ``ReplicaError/notAttached``; ``SyncError`` when the server cannot be reached
    ///   after the retries, refuses the token, or refuses a request (a `problem`). Whatever was
    ///   pushed or pulled before the failure stays applied; the next sync continues from there.
    ///   When the server refuses the stored cursor (`invalid_cursor`: a cursor of an older format,
    ///   or a restored store), the replica re-bootstraps once (PROTOCOL 14.4): it keeps its outbox
    ///   and the work the server returned, drops what it pulled, and downloads its scope again
    ///   (``SyncReport/rebootstrapped``).
    @discardableResult
    public func sync(client: SyncClient, retry: RetryPolicy = RetryPolicy(), pageSize: Int = 500,
                     snapshotFile: Bool = true,
                     progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        guard try account() != nil else { throw ReplicaError.notAttached }
        var report = SyncReport()
        // Stay within the limits the server announced at attach time.
        let (maxPush, maxPage) = try await pool.read { db in
            (try Replica.meta("max_push", in: db).flatMap(Int.init) ?? 500, try Replica.meta("max_page", in: db).flatMap(Int.init) ?? 1000)
        }
        let size = max(1, pageSize)
        // A push the server refuses as a whole (a 4xx problem) must not keep the replica from
        // hearing what changed on the server (a customer leaving the portfolio, say): pull
        // anyway, then report the push failure.
        var pushFailure: SyncError?
        do {
            try await push(client: client, retry: retry, batch: min(size, maxPush), report: &report, progress: progress)
        } catch let error as SyncError where !error.isRetryable {
            guard case .problem = error else { throw error }
            pushFailure = error
        }
        try await pull(client: client, retry: retry, pageSize: min(size, maxPage), snapshotFile: snapshotFile,
                       report: &report, progress: progress)
        if report.rebootstrapped, pushFailure == nil {
            // The facts put back in the outbox by the re-bootstrap: pushed now, and their answers pulled.
            try await push(client: client, retry: retry, batch: min(size, maxPush), report: &report, progress: progress)
            try await pull(client: client, retry: retry, pageSize: min(size, maxPage), snapshotFile: snapshotFile,
                           report: &report, progress: progress)
        }
        if let pushFailure { throw pushFailure }
        let offset = report.clockOffset
        try await pool.write { db in
            try Replica.setMeta("last_sync", WireJSON.formatTimestamp(Date()), in: db)
            if let offset { try Replica.setMeta("clock_offset_ms", String(Int64((offset * 1000).rounded())), in: db) }
        }
        progress(SyncProgress(phase: .done, pushed: report.pushed, remaining: 0, pulled: report.pulled))
        return report
    }

    func push(client: SyncClient, retry: RetryPolicy, batch initialBatch: Int, report: inout SyncReport,
              progress: @Sendable (SyncProgress) -> Void) async throws {
        var batch = initialBatch
        while true {
            let limit = batch
            let (changes, remaining) = try await pool.read { db -> ([Change], Int) in
                let bodies = try String.fetchAll(db, sql: "SELECT body FROM outbox ORDER BY ord LIMIT ?", arguments: [limit])
                return (try bodies.map(Change.fromWire), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0)
            }
            guard !changes.isEmpty else { return }
            progress(SyncProgress(phase: .pushing, pushed: report.pushed, remaining: remaining, pulled: report.pulled))
            let request = PushRequest(replicaID: id, changes: changes)
            let response: PushResponse
            do {
                let (pushed, pulled) = (report.pushed, report.pulled)
                response = try await retry.run(onRetry: { notice in
                    progress(SyncProgress(phase: .pushing, pushed: pushed, remaining: remaining, pulled: pulled, retry: notice))
                }) { try await client.push(request) }
            } catch SyncError.problem(let problem) where problem.status == 413 && changes.count > 1 {
                // Too big for the server: the same changes, in smaller change-sets.
                batch = max(1, changes.count / 2)
                continue
            }
            guard response.results.count == changes.count else {
                throw SyncError.badResponse(status: 200, detail: "\(response.results.count) results for \(changes.count) changes")
            }
            let received = WireJSON.formatTimestamp(response.serverTime)
            try await pool.write { db in
                for result in response.results { try Replica.apply(result, receivedAt: received, in: db) }
            }
            report.pushed += changes.count
            report.accepted += response.results.filter { $0.outcome != .rejected }.count
            report.rejected += response.results.filter { $0.outcome == .rejected }.count
            report.serverTime = response.serverTime
        }
    }

    /// Records the server's answer to one pushed change and removes it from the outbox.
    /// `receivedAt`: the server's time in the answer, the receive time of a change accepted now.
    static func apply(_ result: ChangeResult, receivedAt: String? = nil, in db: Database) throws {
        let id = result.id.text
        switch result.outcome {
        case .accepted, .duplicate:
            let received = result.outcome == .accepted ? receivedAt : nil
            for table in ["qualifications", "action_events", "contact_edits", "conflict_resolutions"] {
                try db.execute(sql: "UPDATE \(table) SET state = 'accepted', seq = ?, received_at = COALESCE(?, received_at) WHERE id = ?",
                               arguments: [result.seq, received, id])
            }
            // Work on a customer that left this replica meanwhile (accepted within the
            // reassignment grace): it lives on the server and on the new holder's replica now.
            try dropOrphan(id, in: db)
        case .rejected:
            for table in ["action_events", "contact_edits", "conflict_resolutions"] {
                try db.execute(sql: "UPDATE \(table) SET state = 'rejected', reject_code = ?, reject_detail = ? WHERE id = ?",
                               arguments: [result.code?.rawValue, result.detail, id])
            }
            try db.execute(sql: "UPDATE qualifications SET state = 'rejected', reject_code = ?, reject_detail = ? WHERE id = ?",
                           arguments: [result.code?.rawValue, result.detail, id])
            for itemID in try String.fetchAll(db, sql: "SELECT item_id FROM qualification_items WHERE qualification_id = ?", arguments: [id]) {
                try recomputeCurrent(of: itemID, in: db)
            }
            // A refused fact no longer counts: its customer's derived state is computed without it.
            let customer = try String.fetchOne(db, sql: """
                SELECT customer_id FROM qualifications WHERE id = ?1 UNION SELECT customer_id FROM action_events WHERE id = ?1
                UNION SELECT customer_id FROM contact_edits WHERE id = ?1
                """, arguments: [id])
            if let customer { try recompute([customer], today: .today(), in: db) }
        }
        try db.execute(sql: "DELETE FROM outbox WHERE change_id = ?", arguments: [id])
    }

    /// Pulls pages until none remain. The next page is requested as soon as a page arrives,
    /// so the server prepares it (and the client decodes it) while this one is being applied.
    /// A replica with no cursor first tries the version 2 snapshot file (`snapshotFile`).
    func pull(client: SyncClient, retry: RetryPolicy, pageSize: Int, snapshotFile: Bool = true, report: inout SyncReport,
              progress: @Sendable (SyncProgress) -> Void) async throws {
        @Sendable func fetch(_ cursor: String?, pushed: Int, pulled: Int) async throws -> PullResponse {
            try await retry.run(onRetry: { notice in
                progress(SyncProgress(phase: .pulling, pushed: pushed, remaining: 0, pulled: pulled, retry: notice))
            }) { [id] in try await client.pull(after: cursor, limit: pageSize, replica: id) }
        }
        var stored = try await pool.read { db in try Replica.meta("cursor", in: db) }
        if stored == nil, snapshotFile {
            stored = try await downloadSnapshotFile(client: client, retry: retry, report: &report, progress: progress)
        }
        var page: PullResponse
        do {
            page = try await fetch(stored, pushed: report.pushed, pulled: report.pulled)
        } catch SyncError.problem(let problem) where problem.code == .invalidCursor && stored != nil {
            // The server no longer accepts this cursor (it was issued in an older format, or the
            // store was restored): re-bootstrap (PROTOCOL 14.4). The outbox was pushed first;
            // pending and returned work stays, everything pulled is downloaded again.
            // What this replica wrote and the server acknowledged goes back in the outbox first:
            // a store restored from a backup may have lost it (nothing acknowledged is lost).
            try await pool.write { db in
                _ = try Replica.requeueOwnFacts(in: db)
                try Replica.purgeAll(in: db)
            }
            report.rebootstrapped = true
            let restart = snapshotFile ? try await downloadSnapshotFile(client: client, retry: retry, report: &report, progress: progress) : nil
            page = try await fetch(restart, pushed: report.pushed, pulled: report.pulled)
        }
        while true {
            // The device clock against the server's, as this answer arrived.
            report.clockOffset = Date().timeIntervalSince(page.serverTime)
            let (pushed, pulled, more, next) = (report.pushed, report.pulled + page.changes.count, page.more, page.next)
            async let following = more ? fetch(next, pushed: pushed, pulled: pulled) : nil
            try await apply(page)
            report.pulled += page.changes.count
            report.pages += 1
            report.serverTime = page.serverTime
            progress(SyncProgress(phase: .pulling, pushed: report.pushed, remaining: 0, pulled: report.pulled))
            guard let nextPage = try await following else { break }
            page = nextPage
        }
        try refreshDerived()
    }

    /// Applies one pulled page and its cursor in one transaction.
    private func apply(_ page: PullResponse) async throws {
        try await pool.write { [clock] db in
            var touched = Touched()
            for change in page.changes { try Replica.apply(change, clock: clock, touched: &touched, in: db) }
            // The derived state moves in the same transaction as the facts: recomputed for the
            // customers of a log page, marked stale during the snapshot (computed once, below).
            if touched.all { try Replica.markAllStale(in: db) }
            if page.snapshot {
                try Replica.markStale(touched.customers, in: db)
                try Replica.markLedgersStale(in: db)
            } else {
                try Replica.rebuildLedgers(of: touched.ledgers.sorted(), in: db)
                try Replica.recompute(Array(touched.customers), today: .today(), in: db)
            }
            try Replica.setMeta("cursor", page.next, in: db)
            try Replica.setMeta("hlc", clock.last.description, in: db)
            // The first download is complete once the snapshot is behind us.
            if !page.snapshot || !page.more { try Replica.setMeta("downloaded", "1", in: db) }
        }
    }

    /// The customers a page touched, or all of them (a status, scenario or setting changed).
    struct Touched {
        var customers = Set<String>()
        /// Customers whose items or payments changed (or who left): their report ledgers.
        var ledgers = Set<String>()
        var all = false
    }

    /// Applies one pulled change. Rows carry the sequence of their latest change; an older one
    /// than the row held is ignored, so replays are harmless.
    static func apply(_ change: ServerChange, clock: HLCClock, touched: inout Touched, in db: Database) throws {
        let seq = change.seq
        let received = change.at.map(WireJSON.formatTimestamp)
        if let customer = change.body.customerID, change.body.kind != .conflictAdd, change.body.kind != .conflictResolve {
            touched.customers.insert(customer.text)
        }
        switch change.body {
        case .status(let s):
            touched.all = true
            try db.cachedStatement(sql: """
                INSERT INTO statuses(code, doc, seq) VALUES (?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= statuses.seq
                """).execute(arguments: [s.code, try s.wireJSON(), seq])
        case .customer(let c):
            try db.cachedStatement(sql: """
                INSERT INTO customers(id, code, name, collector, doc, seq) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, collector = excluded.collector,
                    doc = excluded.doc, seq = excluded.seq
                WHERE excluded.seq >= customers.seq
                """).execute(arguments: [c.id.text, c.code, c.name, c.collector, try c.wireJSON(), seq])
        case .contact(let c):
            try db.cachedStatement(sql: """
                INSERT INTO contacts(id, customer_id, doc, seq) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= contacts.seq
                """).execute(arguments: [c.id.text, c.customerID.text, try c.wireJSON(), seq])
        case .item(let i):
            touched.ledgers.insert(i.customerID.text)
            let isNew = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM items WHERE id = ?"), arguments: [i.id.text]) != true
            try db.cachedStatement(sql: """
                INSERT INTO items(id, customer_id, number, cleared, due_date, open_minor, currency, kind, issue_date,
                    initial_minor, cleared_date, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET number = excluded.number, cleared = excluded.cleared,
                    due_date = excluded.due_date, open_minor = excluded.open_minor, currency = excluded.currency,
                    kind = excluded.kind, issue_date = excluded.issue_date, initial_minor = excluded.initial_minor,
                    cleared_date = excluded.cleared_date, seq = excluded.seq
                WHERE excluded.seq >= items.seq
                """).execute(arguments: [i.id.text, i.customerID.text, i.number, i.isCleared,
                                         i.dueDate.description, i.openAmount.minor, i.openAmount.currency.code,
                                         i.kind.rawValue, i.issueDate.description, i.initialAmount.minor, i.clearedDate?.description, seq])
            // An item (re-)entering the replica may already carry facts written here while its
            // customer was out of scope: its current status is computed from all of them.
            if isNew, try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM qualification_items WHERE item_id = ? LIMIT 1"),
                                        arguments: [i.id.text]) == true {
                try recomputeCurrent(of: i.id.text, in: db)
            }
        case .qualification(let q):
            clock.receive(q.hlc)
            try store(q, seq: seq, state: .accepted, receivedAt: received, in: db)
        case .actionEvent(let e):
            clock.receive(e.hlc)
            try store(e, seq: seq, state: .accepted, receivedAt: received, in: db)
        case .contactEdit(let e):
            clock.receive(e.hlc)
            try store(e, seq: seq, state: .accepted, receivedAt: received, in: db)
        case .customerRemoved(let removal):
            touched.ledgers.insert(removal.customerID.text)
            try purge(customer: removal.customerID.text, in: db)
        case .scenario(let s):
            touched.all = true
            try db.cachedStatement(sql: """
                INSERT INTO scenarios(code, doc, seq) VALUES (?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= scenarios.seq
                """).execute(arguments: [s.code, try s.wireJSON(), seq])
        case .settings(let s):
            touched.all = true
            try db.cachedStatement(sql: """
                INSERT INTO settings(key, doc, seq) VALUES ('collection', ?, ?)
                ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= settings.seq
                """).execute(arguments: [try s.wireJSON(), seq])
        case .rates(let r):
            // Rates feed only `report --in`: no derived state depends on them.
            try db.cachedStatement(sql: """
                INSERT INTO settings(key, doc, seq) VALUES ('rates', ?, ?)
                ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= settings.seq
                """).execute(arguments: [try r.wireJSON(), seq])
        case .payment(let p):
            touched.ledgers.insert(p.customerID.text)
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO payments(id, customer_id, item_id, doc, seq) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [p.id.text, p.customerID.text, p.itemID.text, try p.wireJSON(), seq])
        case .user(let u):
            try db.cachedStatement(sql: """
                INSERT INTO users(login, doc, seq) VALUES (?, ?, ?)
                ON CONFLICT(login) DO UPDATE SET doc = excluded.doc, seq = excluded.seq WHERE excluded.seq >= users.seq
                """).execute(arguments: [u.login, try u.wireJSON(), seq])
        case .conflict(let c):
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO conflicts(id, customer_id, addressee, doc, seq) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [c.id.text, c.customerID.text, c.addressee, try c.wireJSON(), seq])
        case .conflictResolution(let r):
            clock.receive(r.hlc)
            try store(r, seq: seq, state: .accepted, receivedAt: received, in: db)
            if r.decision == .accept, let customer = try acceptRefusedFact(of: r.conflictID, in: db) {
                touched.customers.insert(customer)
            }
        case .unknown:
            // A newer server's kind: skipped, the cursor still moves past it.
            break
        }
    }

    /// Removes a customer that left the portfolio. Facts written here that the server has not
    /// accepted stay: pending ones keep their outbox entries and are still pushed (the server
    /// returns them with a reason); rejected ones stay visible to their author.
    static func purge(customer id: String, in db: Database) throws {
        // Conflicts of the customer stay only when they are this user's own.
        let login = try meta("login", in: db) ?? ""
        try db.execute(sql: """
            DELETE FROM conflict_resolutions WHERE customer_id = ?1 AND state = 'accepted'
                AND conflict_id IN (SELECT id FROM conflicts WHERE customer_id = ?1 AND addressee != ?2)
            """, arguments: [id, login])
        try db.execute(sql: "DELETE FROM conflicts WHERE customer_id = ? AND addressee != ?", arguments: [id, login])
        try db.execute(sql: """
            DELETE FROM item_current WHERE item_id IN (SELECT id FROM items WHERE customer_id = ?);
            DELETE FROM qualification_items WHERE item_id IN (SELECT id FROM items WHERE customer_id = ?)
                AND qualification_id IN (SELECT id FROM qualifications WHERE state = 'accepted');
            DELETE FROM qualifications WHERE customer_id = ? AND state = 'accepted';
            DELETE FROM action_events WHERE customer_id = ? AND state = 'accepted';
            DELETE FROM contact_edits WHERE customer_id = ? AND state = 'accepted';
            DELETE FROM payments WHERE customer_id = ?;
            DELETE FROM items WHERE customer_id = ?;
            DELETE FROM contacts WHERE customer_id = ?;
            DELETE FROM customers WHERE id = ?;
            """, arguments: [id, id, id, id, id, id, id, id, id])
        try deleteDerived(of: id, in: db)
    }
}
