import DSOSync
import Foundation

/// A transport the command closes when done.
protocol ClosableTransport: SyncTransport {
    func shutdown() async throws
}

extension HTTPTransport: ClosableTransport {}
extension FailoverTransport: ClosableTransport {}

/// The transport to the replica's server: HTTPS to the one server, or, for a store served by
/// several, a ``FailoverTransport`` that moves to the next when one is down.
func serverTransport(servers: [URL], trustedCAFile: String?) throws -> any ClosableTransport {
    if servers.count == 1 { return try HTTPTransport(server: servers[0], trustedCAFile: trustedCAFile) }
    return try FailoverTransport(servers: servers, trustedCAFile: trustedCAFile)
}
