import DSOProtocol
import DSOSync
import Foundation

/// Wraps a replica's real transport and keeps what the server acknowledged: the ids of the
/// changes a push answer said were accepted (or duplicates of accepted ones), and those it
/// rejected. An answer that never arrives whole acknowledges nothing.
final class RecordingTransport: SyncTransport, @unchecked Sendable {
    private let inner: any SyncTransport
    private let lock = NSLock()
    private var acknowledged = Set<UUID>()
    private var rejected: [UUID: String] = [:]

    init(wrapping inner: any SyncTransport) { self.inner = inner }

    var acknowledgedIDs: Set<UUID> { lock.withLock { acknowledged } }
    var rejectedIDs: [UUID: String] { lock.withLock { rejected } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let response = try await inner.send(request)
        if request.method == "POST", request.target.hasPrefix("/v1/changesets"), response.status == 200,
           let answer = try? WireJSON.decoder().decode(PushResponse.self, from: response.body) {
            lock.withLock {
                for result in answer.results {
                    switch result.outcome {
                    case .accepted, .duplicate: acknowledged.insert(result.id)
                    case .rejected: rejected[result.id] = result.code?.rawValue ?? "?"
                    }
                }
            }
        }
        return response
    }

    func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse {
        try await inner.download(request, to: file)
    }
}
