import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension Replica {
    /// Attaches the replica to a server: checks the token with `hello` and remembers the server,
    /// the token and the user. Follow with ``sync(client:retry:pageSize:progress:)`` to download
    /// the user's scope. Attaching to another server or user is refused while changes are
    /// pending, and drops the previous account's data otherwise.
    ///
    /// `GET /v1/hello`, retried like a sync's calls (`retry`, with `onRetry` told of each retry).
    @discardableResult
    public func attach(server: URL, token: String, caFile: String?, client: SyncClient, retry: RetryPolicy = RetryPolicy(),
                       onRetry: (RetryNotice) -> Void = { _ in }) async throws -> Hello {
        try await attach(servers: [server], token: token, caFile: caFile, client: client, retry: retry, onRetry: onRetry)
    }

    /// ``attach(server:token:caFile:client:retry:onRetry:)`` to a store served by several servers:
    /// `servers` are remembered in order (``Account/servers``), the first one names the account.
    /// `client` should reach them through a ``FailoverTransport``.
    @discardableResult
    public func attach(servers: [URL], token: String, caFile: String?, client: SyncClient, retry: RetryPolicy = RetryPolicy(),
                       onRetry: (RetryNotice) -> Void = { _ in }) async throws -> Hello {
        guard let server = servers.first else { throw SyncError.notConfigured }
        let hello = try await retry.run(onRetry: onRetry) { try await client.hello() }
        try await pool.write { db in
            let previousServer = try Replica.meta("server", in: db)
            if let previous = try Replica.meta("login", in: db), previous != hello.user.login || previousServer != server.absoluteString {
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
                if pending > 0 { throw ReplicaError.pendingChangesForAnotherAccount(pending) }
                try Replica.purgeAll(in: db)
            }
            try Replica.setMeta("server", server.absoluteString, in: db)
            try Replica.setMeta("servers", servers.map(\.absoluteString).joined(separator: "\n"), in: db)
            try Replica.setMeta("token", token, in: db)
            try Replica.setMeta("ca_file", caFile, in: db)
            try Replica.setMeta("login", hello.user.login, in: db)
            try Replica.setMeta("role", hello.user.role.rawValue, in: db)
            try Replica.setMeta("server_id", hello.serverID.text, in: db)
            try Replica.setMeta("max_push", String(hello.limits.maxChangesPerPush), in: db)
            try Replica.setMeta("max_page", String(hello.limits.maxPageSize), in: db)
        }
        return hello
    }

    /// The server and user this replica works for; `nil` before ``attach(server:token:caFile:client:)``.
    public func account() throws -> Account? {
        try pool.read { db in try Replica.account(in: db) }
    }

    /// The stored bearer token. It is kept in the replica file in clear (the CLI creates the file
    /// with mode 0600); an app that prefers the Keychain can keep its own copy and build the
    /// ``SyncClient`` from it.
    public func token() throws -> String? {
        try pool.read { db in try Replica.meta("token", in: db) }
    }

    static func account(in db: Database) throws -> Account? {
        guard let server = try meta("server", in: db).flatMap(URL.init(string:)),
              let login = try meta("login", in: db),
              let role = try meta("role", in: db).flatMap(Role.init(rawValue:)) else { return nil }
        let servers = try meta("servers", in: db).map { $0.split(separator: "\n").compactMap { URL(string: String($0)) } } ?? []
        return Account(server: server, servers: servers.isEmpty ? [server] : servers, login: login, role: role, caFile: try meta("ca_file", in: db))
    }

    static func purgeAll(in db: Database) throws {
        for table in ["statuses", "customers", "contacts", "items", "item_current", "scenarios", "settings", "payments", "users",
                      "digests", "agenda", "alerts", "promises", "disputes"] {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        // Work the server returned stays visible to its author; only accepted facts go.
        try db.execute(sql: """
            DELETE FROM qualification_items WHERE qualification_id IN (SELECT id FROM qualifications WHERE state = 'accepted');
            DELETE FROM qualifications WHERE state = 'accepted';
            DELETE FROM action_events WHERE state = 'accepted';
            DELETE FROM contact_edits WHERE state = 'accepted';
            DELETE FROM conflicts;
            DELETE FROM conflict_resolutions WHERE state = 'accepted';
            """)
        try setMeta("cursor", nil, in: db)
        try setMeta("downloaded", nil, in: db)
    }
}

/// Why a local operation was refused.
public enum ReplicaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No replica file at this path (only `dso init` creates one).
    case noReplica(String)
    case notAttached
    case unknownItem(String)
    case ambiguousItem(String, customers: [String])
    case unknownCustomer(String)
    case ambiguousCustomer(String, candidates: [String])
    /// The first download of the portfolio did not finish (see ``Replica/isDownloadComplete()``).
    case incompleteDownload
    case unknownStatus(String, suggestions: [String] = [])
    case rule(DomainError)
    case pendingChangesForAnotherAccount(Int)
    case unknownAction(String)
    case ambiguousAction(String)
    case unknownDispute(String)
    case unknownContact(String)
    case unknownConflict(String)
    case ambiguousConflict(String)
    /// A derived row the replica cannot read back (`dso check --repair` rebuilds them).
    case corrupt(String)

    public var description: String {
        switch self {
        case .noReplica(let path): "no replica at \(path) — run `dso init --server URL --token TOKEN` (or pass --replica PATH)"
        case .notAttached: "this replica is not attached to a server; run `dso init --server URL --token TOKEN`"
        case .unknownItem(let r): "unknown item '\(r)' (not in this replica; `dso items` lists them)"
        case .ambiguousItem(let r, let customers): "item number '\(r)' exists for several customers (\(customers.joined(separator: ", "))); use the item id (`dso items --json` shows it)"
        case .unknownCustomer(let c): "unknown customer '\(c)' (not in this replica; `dso customers` lists them)"
        case .ambiguousCustomer(let c, let candidates): "'\(c)' matches several customers (\(candidates.joined(separator: ", "))); give the code exactly"
        case .incompleteDownload: "the first download of your portfolio did not finish; run `dso sync` to complete it"
        case .unknownStatus(let s, let close):
            "unknown status '\(s)'" + (close.isEmpty ? "; `dso statuses` lists them" : " — did you mean \(close.joined(separator: ", "))? (`dso statuses` lists them)")
        case .rule(let e): e.message
        case .pendingChangesForAnotherAccount(let n): "\(n) change(s) are still pending for the current account; run `dso sync` first, or use another --replica file"
        case .unknownAction(let r): "unknown action '\(r)' (`dso agenda` lists them)"
        case .unknownContact(let r): "unknown contact '\(r)' (`dso contacts CUSTOMER` lists them)"
        case .unknownConflict(let r): "unknown conflict '\(r)' (`dso conflicts --all` lists them)"
        case .ambiguousConflict(let r): "'\(r)' matches several conflicts; give more characters of the id"
        case .unknownDispute(let r): "no open dispute '\(r)' (`dso customer CODE` lists them)"
        case .ambiguousAction(let r): "'\(r)' matches several actions; give more characters of the id"
        case .corrupt(let what): "the replica's derived state is damaged (\(what)); run `dso check --repair`"
        }
    }
}
