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
    /// Most pushes written in one transaction (bounds how long a group holds the writer).
    static let maxGroup = 32

    private struct Job {
        var request: PushRequest
        var user: User
        var now: Date
        var answer: CheckedContinuation<[ChangeResult], any Error>
    }

    private let pool: DatabasePool
    private var waiting: [Job] = []
    private var writing = false

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// The answers to one push, once the transaction holding it has committed.
    func submit(_ request: PushRequest, by user: User, now: Date) async throws -> [ChangeResult] {
        try await withCheckedThrowingContinuation { answer in
            waiting.append(Job(request: request, user: user, now: now, answer: answer))
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
            let outcomes: [Result<[ChangeResult], any Error>]
            do {
                outcomes = try await pool.write { db in
                    let statuses = try CentralStore.statusCatalogue(in: db)
                    return group.map { job in
                        Result {
                            var results: [ChangeResult] = []
                            try db.inSavepoint {
                                results = try job.request.changes.map { change in
                                    try CentralStore.apply(change, replicaID: job.request.replicaID, user: job.user,
                                                           statuses: statuses, now: job.now, in: db)
                                }
                                return .commit
                            }
                            return results
                        }
                    }
                }
            } catch {
                // The commit itself failed: nothing of this group was acknowledged or kept.
                outcomes = group.map { _ in .failure(error) }
            }
            for (job, outcome) in zip(group, outcomes) { job.answer.resume(with: outcome) }
        }
        writing = false
    }
}
