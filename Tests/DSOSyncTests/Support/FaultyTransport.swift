import DSOSync
import Foundation

/// Wraps the real HTTPS transport and injects faults: it can let a request reach the server and
/// then lose the answer, and it records every exchange.
final class FaultyTransport: SyncTransport, @unchecked Sendable {
    struct Exchange {
        var request: TransportRequest
        var response: TransportResponse?
    }

    struct Dropped: Error {}

    private let inner: any SyncTransport
    private let lock = NSLock()
    private var log: [Exchange] = []
    /// Decides, per request (with its 1-based index among requests of the same method and path
    /// prefix), whether to drop the answer after the server has handled it.
    private let dropAnswer: @Sendable (TransportRequest, Int) -> Bool
    private var counts: [String: Int] = [:]

    init(wrapping inner: any SyncTransport, dropAnswer: @escaping @Sendable (TransportRequest, Int) -> Bool) {
        self.inner = inner
        self.dropAnswer = dropAnswer
    }

    var exchanges: [Exchange] { lock.withLock { log } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let key = request.method + " " + (request.target.split(separator: "?").first.map(String.init) ?? "")
        let index = lock.withLock { () -> Int in
            counts[key, default: 0] += 1
            return counts[key]!
        }
        let response = try await inner.send(request)
        if dropAnswer(request, index) {
            lock.withLock { log.append(Exchange(request: request, response: nil)) }
            throw Dropped()
        }
        lock.withLock { log.append(Exchange(request: request, response: response)) }
        return response
    }
}
