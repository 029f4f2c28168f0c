import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// What ``Replica/repair(path:client:retry:progress:)`` kept and did.
public struct RepairReport: Codable, Hashable, Sendable {
    /// Changes not yet synced, replayed on top of the fresh download (and pushed).
    public var replayed: Int
    /// Facts written here that the server had acknowledged, pushed again in case the server
    /// lost them (a store restored from a backup): the server answers `duplicate` for those it holds.
    public var resent: Int
    /// Work the server had returned, kept for its author.
    public var returned: Int
    /// Where the old file was moved (it is never deleted).
    public var keptAt: String
    /// The download and push that rebuilt the replica.
    public var sync: SyncReport
}

extension Replica {
    /// Rebuilds a replica that can no longer continue (a damaged file, a cursor the server
    /// refuses, a server store restored from backup) from a fresh download of its scope, and
    /// replays on top everything written here that the server may not hold: never a discard.
    ///
    /// 1. Salvages, table by table and as far as the file can be read: the account, the outbox,
    ///    the facts written here (pending, acknowledged and returned).
    /// 2. Moves the old file aside (`<path>.before-repair-<time>`, with its `-wal` and `-shm`).
    /// 3. Creates a new file with the same replica id, clock and account, stores the salvaged
    ///    facts (returned ones as returned, the others pending and queued: the outbox in its
    ///    order, then the acknowledged ones by HLC), and syncs: the server applies what it lacks
    ///    and answers `duplicate` for the rest; the download keeps the pending work on top.
    ///
    /// - Parameter client: a client for the replica's server; `nil`: one is built from the
    ///   salvaged account with ``HTTPTransport``.
    /// - Throws: ``ReplicaError/noReplica(_:)``, ``ReplicaError/notAttached`` when the account
    ///   cannot be read back (the old file is left in place then), or the sync's ``SyncError`` (the
    ///   new file then holds the salvaged work, still pending: `dso sync` finishes the job).
    public static func repair(path: String, client: SyncClient? = nil, retry: RetryPolicy = RetryPolicy(),
                              progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> (Replica, RepairReport) {
        guard FileManager.default.fileExists(atPath: path) else { throw ReplicaError.noReplica(path) }
        let salvage = Salvage.read(path)
        guard let server = salvage.meta["server"].flatMap(URL.init(string:)), let token = salvage.meta["token"],
              salvage.meta["login"] != nil, let replicaID = salvage.meta["replica_id"].flatMap(UUID.init(text:)) else {
            throw ReplicaError.notAttached
        }
        let stamp = WireJSON.formatTimestamp(Date()).replacingOccurrences(of: ":", with: "")
        let keptAt = path + ".before-repair-" + stamp
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: keptAt + suffix)
        }
        // The new file: the same replica (id, clock, account) and the salvaged facts, pending
        // (or returned), before anything needs the network.
        let counts: (Int, Int, Int)
        do {
            let fresh = try Replica(path: path)
            counts = try await fresh.pool.write { db in
                for key in Salvage.accountKeys { try Replica.setMeta(key, salvage.meta[key], in: db) }
                try Replica.setMeta("replica_id", replicaID.text, in: db)
                return try salvage.restore(in: db)
            }
        }
        let replica = try Replica(path: path)
        let owned = client == nil ? try HTTPTransport(server: server, trustedCAFile: salvage.meta["ca_file"]) : nil
        let client = client ?? SyncClient(transport: owned!, token: token)
        // One sync pushes the salvaged work (the server applies what it lacks, answers duplicate
        // for the rest) and downloads the scope, which keeps the work still pending.
        let sync: SyncReport
        do {
            sync = try await replica.sync(client: client, retry: retry, progress: progress)
            try await owned?.shutdown()
        } catch {
            try? await owned?.shutdown()
            throw error
        }
        let (replayed, resent, returned) = counts
        return (replica, RepairReport(replayed: replayed, resent: resent, returned: returned, keptAt: keptAt, sync: sync))
    }

    /// Turns the facts written here that the server acknowledged back into pending ones, queued
    /// again, in HLC order: a server restored from a backup may have lost them; one that holds
    /// them answers `duplicate`. Returns how many.
    static func requeueOwnFacts(in db: Database) throws -> Int {
        guard let me = try meta("replica_id", in: db) else { return 0 }
        var changes: [(hlc: String, change: Change, customer: UUID)] = []
        for table in ["qualifications", "action_events", "contact_edits", "conflict_resolutions"] {
            for doc in try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE state = 'accepted' AND json_extract(doc, '$.replicaID') = ?",
                                           arguments: [me]) {
                guard let (change, customer) = Salvage.change(table: table, doc: doc) else { continue }
                changes.append((change.hlc.description, change, customer))
            }
            try db.execute(sql: "UPDATE \(table) SET state = 'pending' WHERE state = 'accepted' AND json_extract(doc, '$.replicaID') = ?",
                           arguments: [me])
        }
        for entry in changes.sorted(by: { $0.hlc < $1.hlc }) {
            try db.execute(sql: "INSERT OR IGNORE INTO outbox(change_id, customer_id, body, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [entry.change.id.text, entry.customer.text, try entry.change.wireJSON(), WireJSON.formatTimestamp(Date())])
        }
        return changes.count
    }

    /// Whether `error` says the replica file is damaged (not a database, or corrupt): `dso repair`.
    public static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }
}

/// What can be read back from a replica file, table by table: a damaged page loses its rows,
/// not the others.
struct Salvage {
    static let accountKeys = ["server", "token", "ca_file", "login", "role", "server_id", "max_push", "max_page", "hlc"]
    static let factTables = ["qualifications", "action_events", "contact_edits", "conflict_resolutions"]

    var meta: [String: String] = [:]
    /// Outbox bodies, in order.
    var outbox: [String] = []
    /// Facts written here: (table, doc, state, code, detail).
    var facts: [(table: String, doc: String, state: String, code: String?, detail: String?)] = []

    static func read(_ path: String) -> Salvage {
        var salvage = Salvage()
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return salvage }
        defer { try? queue.close() }
        _ = try? queue.read { db in
            if let rows = try? Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
                for row in rows { salvage.meta[row["key"]] = row["value"] }
            }
            salvage.outbox = (try? String.fetchAll(db, sql: "SELECT body FROM outbox ORDER BY ord")) ?? []
            let me = salvage.meta["replica_id"] ?? ""
            for table in factTables {
                let rows = (try? Row.fetchAll(db, sql: """
                    SELECT doc, state, reject_code, reject_detail FROM \(table) WHERE json_extract(doc, '$.replicaID') = ?
                    """, arguments: [me])) ?? []
                for row in rows {
                    salvage.facts.append((table, row["doc"], row["state"], row["reject_code"], row["reject_detail"]))
                }
            }
        }
        return salvage
    }

    /// The change carrying a stored fact, and its customer.
    static func change(table: String, doc: String) -> (Change, UUID)? {
        switch table {
        case "qualifications": (try? Qualification.fromWire(doc)).map { (Change($0), $0.customerID) }
        case "action_events": (try? ActionEvent.fromWire(doc)).map { (Change($0), $0.customerID) }
        case "contact_edits": (try? ContactEdit.fromWire(doc)).map { (Change($0), $0.customerID) }
        case "conflict_resolutions": (try? ConflictResolution.fromWire(doc)).map { (Change($0), $0.customerID) }
        default: nil
        }
    }

    /// Writes the salvaged facts into a new replica: returned ones as returned, every other one
    /// pending, queued in the order it was (outbox first, then acknowledged facts by HLC).
    /// Returns (replayed, resent, returned).
    func restore(in db: Database) throws -> (Int, Int, Int) {
        var queued = Set<UUID>()
        var replayed = 0, resent = 0, returned = 0
        var items = Set<String>()
        var customers = Set<String>()
        func store(_ change: Change, state: SyncState, code: String? = nil, detail: String? = nil) throws {
            switch change.body {
            case .qualification(let q):
                try Replica.store(q, seq: nil, state: state, in: db)
                items.formUnion(q.itemIDs.map(\.text))
            case .actionEvent(let e): try Replica.store(e, seq: nil, state: state, in: db)
            case .contactEdit(let e): try Replica.store(e, seq: nil, state: state, in: db)
            case .conflictResolution(let r): try Replica.store(r, seq: nil, state: state, in: db)
            default: return
            }
            if let customer = change.body.customerID { customers.insert(customer.text) }
            if state == .rejected {
                for table in Salvage.factTables {
                    try db.execute(sql: "UPDATE \(table) SET state = 'rejected', reject_code = ?, reject_detail = ? WHERE id = ?",
                                   arguments: [code, detail, change.id.text])
                }
            }
        }
        func enqueue(_ change: Change) throws {
            guard queued.insert(change.id).inserted, let customer = change.body.customerID else { return }
            try Replica.enqueue(change, customerID: customer, in: db)
        }
        for body in outbox {
            guard let change = try? Change.fromWire(body) else { continue }
            try store(change, state: .pending)
            try enqueue(change)
            replayed += 1
        }
        var acknowledged: [Change] = []
        for fact in facts {
            // (A returned fact the server accepted since becomes accepted when the download brings it.)
            guard let (change, _) = Salvage.change(table: fact.table, doc: fact.doc), !queued.contains(change.id) else { continue }
            if fact.state == SyncState.rejected.rawValue {
                try store(change, state: .rejected, code: fact.code, detail: fact.detail)
                returned += 1
            } else {
                acknowledged.append(change)
            }
        }
        for change in acknowledged.sorted(by: { $0.hlc < $1.hlc }) {
            try store(change, state: .pending)
            try enqueue(change)
            resent += 1
        }
        // The items' current status and the customers' derived state count the facts put back.
        for item in items { try Replica.recomputeCurrent(of: item, in: db) }
        let held = try Set(String.fetchAll(db, sql: "SELECT id FROM customers"))
        try Replica.recompute(customers.filter(held.contains).sorted(), today: .today(), in: db)
        return (replayed, resent, returned)
    }
}
