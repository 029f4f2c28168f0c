import Foundation
import Logging
import NIOCore
import PostgresNIO

/// What a commit tells the other servers of a PostgreSQL store: the new head of the change log,
/// and the collectors whose long-polls it concerns (`nil`: everybody's, as after an import).
struct ChangeNotice: Equatable, Sendable {
    static let channel = "dso_changes"
    /// PostgreSQL takes payloads under 8,000 bytes; a longer list becomes "everybody".
    static let maxPayload = 7_000

    var head: Int64
    var collectors: Set<String>?

    /// `head;login,login,…` or `head;*`.
    var payload: String {
        guard let collectors else { return "\(head);*" }
        let list = "\(head);" + collectors.sorted().joined(separator: ",")
        return list.utf8.count <= ChangeNotice.maxPayload ? list : "\(head);*"
    }

    init(head: Int64, collectors: Set<String>?) {
        self.head = head
        self.collectors = collectors
    }

    init?(payload: String) {
        let parts = payload.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let head = Int64(parts[0]) else { return nil }
        self.head = head
        collectors = parts[1] == "*" ? nil : Set(parts[1].split(separator: ",").map(String.init))
    }
}

extension PostgresSession {
    /// Tells every server of the store about this transaction's changes. PostgreSQL delivers the
    /// notice when the transaction commits, and never if it rolls back.
    ///
    /// ```sql
    /// SELECT pg_notify('dso_changes', ?)
    /// ```
    func announce(_ notice: ChangeNotice) throws {
        try execute("SELECT pg_notify(?, ?)", ChangeNotice.channel, notice.payload)
    }
}

/// Hears the commits of every server of a PostgreSQL store (`LISTEN dso_changes` on a connection
/// of its own) and hands each notice to `deliver`: a long-poll parked on one server wakes when
/// another server commits a change it waits for. After a lost connection it connects again
/// (every second until it can) and delivers a notice for everybody, since commits may have
/// happened meanwhile.
final class PostgresChangeFeed: Sendable {
    private let engine: PostgresEngine
    private let logger: Logger

    init(engine: PostgresEngine, logger: Logger = Logger(label: "dso-store-feed")) {
        self.engine = engine
        self.logger = logger
    }

    /// Listens until the task is cancelled. `listening` is called each time the feed is (again)
    /// listening.
    func run(deliver: @escaping @Sendable (ChangeNotice) async -> Void, listening: @escaping @Sendable () async -> Void = {}) async {
        var reconnected = false
        while !Task.isCancelled {
            do {
                let connection = try await engine.connectForListening()
                defer { PostgresEngine.discard(connection) }
                let notices = try await connection.listen(ChangeNotice.channel)
                if reconnected { await deliver(ChangeNotice(head: 0, collectors: nil)) }
                await listening()
                for try await notification in notices {
                    if let notice = ChangeNotice(payload: notification.payload) { await deliver(notice) }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("change feed lost its connection; listening again in 1 s", metadata: ["error": "\(PostgresEngine.describe(error))"])
            }
            reconnected = true
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

extension PostgresEngine {
    /// A connection of its own for `LISTEN`, outside the pool.
    func connectForListening() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: Int.random(in: 1_000_000...9_999_999), logger: logger)
        } catch {
            throw StoreUnavailable(description: "cannot reach PostgreSQL at \(location.host):\(location.port) (\(PostgresEngine.describe(error)))")
        }
    }
}
