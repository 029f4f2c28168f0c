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

    private struct Job {
        var request: PushRequest
        var user: User
        var now: Date
        /// Each change's wire JSON and the formatted receive time, prepared by the caller
        /// before it queues, so the writer does no encoding.
        var payloads: [String]
        var stamp: String
        var answer: CheckedContinuation<Committed, any Error>
    }

    private let pool: DatabasePool
    private var waiting: [Job] = []
    private var writing = false
    /// The status catalogue and the highest `seq` of its rows when it was read: read again
    /// only when a status changed (an import), not once per transaction.
    private var catalogue: (seq: Int64, statuses: [String: Status])?

    init(pool: DatabasePool) {
        self.pool = pool
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
                let written = try await pool.write { db in
                    let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM statuses")) ?? 0
                    let statuses = try cached?.seq == seq ? cached!.statuses : CentralStore.statusCatalogue(in: db)
                    return ((seq, statuses), group.map { job in
                        Result {
                            var committed = Committed(results: [], collectors: [])
                            try db.inSavepoint {
                                for (change, payload) in zip(job.request.changes, job.payloads) {
                                    let (result, collectors) = try CentralStore.apply(
                                        change, payload: payload, replicaID: job.request.replicaID, user: job.user,
                                        statuses: statuses, now: job.now, stamp: job.stamp, in: db)
                                    committed.results.append(result)
                                    committed.collectors.formUnion(collectors)
                                }
                                try CentralStore.recordPush(replica: job.request.replicaID, login: job.user.login, stamp: job.stamp, in: db)
                                return .commit
                            }
                            return committed
                        }
                    })
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
