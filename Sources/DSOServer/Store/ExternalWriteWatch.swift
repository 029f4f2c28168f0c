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
    /// Starts, once per store, a watch that reads the head of the log every `interval` and wakes
    /// every long-poll when it moved past what in-process commits announced (a commit by another
    /// process). The pull route starts it with the first long-poll.
    ///
    /// ```sql
    /// SELECT COALESCE(MAX(seq), 0) FROM changes   -- CentralStore.head(in:)
    /// ```
    public func watchExternalWrites(every interval: Duration = .seconds(1)) async {
        guard await !externalWrites.started else { return }
        // What is committed now needs no wake-up: waiters query after this returns.
        if let head = try? await pool.read(CentralStore.head) {
            await signal.advance(to: head)
        }
        _ = await externalWrites.startOnce { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                guard let head = try? await self.pool.read(CentralStore.head) else {
                    continue
                }
                if head > (await self.signal.knownHead) { await self.signal.notify(head: head) }
            }
        }
    }
}
