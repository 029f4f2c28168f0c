import Foundation
import GRDB

/// One background task per store that notices commits made by another process (a
/// `dso-server import` run beside the server) and wakes the long-polls, so that parked pulls
/// do not each re-query the store every second to find out.
actor ExternalWriteWatch {
    private var task: Task<Void, Never>?

    var started: Bool { task != nil }

    /// Starts `loop` unless it already runs; `true` for the call that started it.
    func startOnce(_ loop: @escaping @Sendable () async -> Void) -> Bool {
        guard task == nil else { return false }
        task = Task { await loop() }
        return true
    }

    deinit { task?.cancel() }
}

extension CentralStore {
    /// Starts, once per store, a watch for commits made by other processes, which wakes the
    /// long-polls they concern. The pull route starts it with the first long-poll.
    ///
    /// On SQLite it reads the head of the log every `interval` and wakes every long-poll when it
    /// moved past what in-process commits announced (a `dso-server import` beside the server):
    /// ```sql
    /// SELECT COALESCE(MAX(seq), 0) FROM changes   -- CentralStore.head(in:)
    /// ```
    /// On PostgreSQL it listens (`LISTEN dso_changes`, ``PostgresChangeFeed``) to the notices
    /// every server's write transactions send at commit, and wakes the collectors each names.
    public func watchExternalWrites(every interval: Duration = .seconds(1)) async {
        guard await !externalWrites.started else { return }
        if case .postgres(let engine) = backend {
            let signal = self.signal
            let listening = AsyncStream<Void>.makeStream()
            let started = await externalWrites.startOnce {
                await PostgresChangeFeed(engine: engine).run(deliver: { notice in
                    if let collectors = notice.collectors {
                        await signal.notify(collectors: collectors, head: notice.head)
                    } else {
                        await signal.notify(head: notice.head)
                    }
                }, listening: { listening.continuation.yield() })
            }
            // Waiters query after this returns: wait (a little) until the feed hears commits.
            if started {
                _ = await withTaskGroup(of: Void.self) { group in
                    group.addTask { for await _ in listening.stream { return } }
                    group.addTask { try? await Task.sleep(for: .seconds(2)) }
                    await group.next()
                    group.cancelAll()
                }
            }
            return
        }
        // What is committed now needs no wake-up: waiters query after this returns.
        if let head = try? await backend.read({ try CentralStore.head(in: $0) }) {
            await signal.advance(to: head)
        }
        _ = await externalWrites.startOnce { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                guard let head = try? await self.backend.read({ try CentralStore.head(in: $0) }) else {
                    continue
                }
                if head > (await self.signal.knownHead) { await self.signal.notify(head: head) }
            }
        }
    }
}
