import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// Concurrent pushes share write transactions (group commit). While one transaction is being
/// written and synced to disk, the pushes that arrive wait together and go into the next one: a
/// single commit, a single `fsync`, for all of them. Each push runs in its own savepoint, so a
/// push that fails (an I/O error, a corrupt row) leaves the others of its group applied.
///
/// A push is answered only after the transaction holding it has committed: an acknowledged
/// change is on disk.
actor GroupCommit {
    /// The answers to one push, and the collectors of the customers its accepted changes touched.
    struct Committed: Sendable {
        var results: [ChangeResult]
        var collectors: Set<String>
    }

    /// Most pushes written in one transaction (bounds how long a group holds the writer).
    static let maxGroup = 32

    private struct Job: Sendable {
        var request: PushRequest
        var user: User
        var now: Date
        /// Each change's wire JSON and the formatted receive time, prepared by the caller
        /// before it queues, so the writer does no encoding.
        var payloads: [String]
        var stamp: String
        var answer: CheckedContinuation<Committed, any Error>
    }

    private let backend: StoreBackend
    private var waiting: [Job] = []
    private var writing = false
    /// The status catalogue and the highest `seq` of its rows when it was read: read again
    /// only when a status changed (an import), not once per transaction.
    private var catalogue: (seq: Int64, statuses: [String: Status])?

    init(backend: StoreBackend) {
        self.backend = backend
    }

    /// The answers to one push, once the transaction holding it has committed.
    func submit(_ request: PushRequest, payloads: [String], by user: User, now: Date, stamp: String) async throws -> Committed {
        try await withCheckedThrowingContinuation { answer in
            waiting.append(Job(request: request, user: user, now: now, payloads: payloads, stamp: stamp, answer: answer))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let group = Array(waiting.prefix(GroupCommit.maxGroup))
            waiting.removeFirst(group.count)
            let outcomes: [Result<Committed, any Error>]
            let cached = catalogue
            do {
                let jobs = group
                let written = try await backend.write { session in
                    let seq: Int64 = try session.value("SELECT max(seq) FROM statuses") ?? 0
                    let statuses = try cached?.seq == seq ? cached!.statuses : CentralStore.statusCatalogue(in: session)
                    var receipts = try CentralStore.receipts(of: jobs.flatMap { $0.request.changes.map(\.id.text) }, in: session)
                    let reads = try PushReads(jobs.flatMap(\.request.changes), in: session)
                    let outcomes = jobs.map { job in
                        let before = receipts
                        let outcome = Result {
                            try session.savepoint {
                                var committed = Committed(results: [], collectors: [])
                                for (change, payload) in zip(job.request.changes, job.payloads) {
                                    let (result, collectors) = try CentralStore.apply(
                                        change, payload: payload, replicaID: job.request.replicaID, user: job.user,
                                        statuses: statuses, now: job.now, stamp: job.stamp, receipts: &receipts, reads: reads, in: session)
                                    committed.results.append(result)
                                    committed.collectors.formUnion(collectors)
                                }
                                try CentralStore.recordPush(replica: job.request.replicaID, login: job.user.login, stamp: job.stamp, in: session)
                                return committed
                            }
                        }
                        // A push rolled back to its savepoint left no receipt.
                        if case .failure = outcome { receipts = before }
                        return outcome
                    }
                    try GroupCommit.announce(outcomes, in: session)
                    return ((seq, statuses), outcomes)
                }
                catalogue = written.0
                outcomes = written.1
            } catch {
                // The commit itself failed: nothing of this group was acknowledged or kept.
                outcomes = group.map { _ in .failure(error) }
            }
            for (job, outcome) in zip(group, outcomes) { job.answer.resume(with: outcome) }
        }
        writing = false
    }
}

extension GroupCommit {
    /// On PostgreSQL, tells every server (``PostgresChangeFeed``) the new head and whose
    /// long-polls the group's accepted changes concern; delivered at commit, never on a rollback.
    /// (On SQLite the only server is this one, woken by ``CentralStore/push(_:by:now:)``.)
    private static func announce(_ outcomes: [Result<Committed, any Error>], in session: any SQLSession) throws {
        let committed = outcomes.compactMap { try? $0.get() }
        guard let head = committed.flatMap(\.results).compactMap({ $0.outcome == .accepted ? $0.seq : nil }).max() else { return }
        try CentralStore.announce(head: head, collectors: committed.reduce(into: Set<String>()) { $0.formUnion($1.collectors) }, in: session)
    }
}
