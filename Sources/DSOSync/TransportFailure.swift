import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what the HTTP and TLS libraries throw into a ``SyncError`` whose text a person can act on.
enum TransportFailure {
    static func classify(_ error: any Error, server: URL, caFile: String?, deadline: Duration) -> SyncError {
        let address = "\(server.host ?? "?"):\(server.port ?? 443)"
        let text = String(describing: error)
        // Only a certificate that fails verification is a matter of trust; any other TLS failure
        // (the connection closed mid-handshake, an unclean shutdown) is the network's.
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
                return .untrustedServer(caFile.map { "the certificate of \(address) is not signed by the CA in \($0); ask the credit team for the server's ca.pem" }
                                        ?? "the certificate of \(address) is not trusted; pass the server's CA with --ca FILE")
            }
            if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
                return .untrustedServer("the certificate of \(address) is not issued for \(server.host ?? "this host"); connect with the name or address it was issued for")
            }
            return .transport("\(address): the connection closed during the TLS handshake")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return .unreachable("\(address) did not answer within the connect timeout (is the address right? a firewall in the way?)")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .transport("\(address) did not answer within \(deadline.components.seconds) s")
            case .remoteConnectionClosed:
                return .transport("\(address) closed the connection before answering")
            default:
                return .transport("\(address): \(text)")
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .unreachable("\(address) refused the connection (is the server running?)")
            case ENETUNREACH, EHOSTUNREACH: return .unreachable("\(address) is unreachable (no network route to it)")
            case ECONNRESET, EPIPE: return .transport("\(address): the connection was reset")
            default: return .transport("\(address): \(String(cString: strerror(error.errnoCode)).lowercased())")
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAAAAError != nil || error.dnsAError != nil, error.connectionErrors.isEmpty {
                return .unreachable("host name '\(server.host ?? "")' not found (check the server address)")
            }
            if let first = error.connectionErrors.first {
                return classify(first.error, server: server, caFile: caFile, deadline: deadline)
            }
            return .unreachable("cannot connect to \(address)")
        }
        if text.contains("stream ended at an unexpected time") || text.contains("uncleanShutdown") {
            return .transport("\(address) closed the connection before the answer was complete")
        }
        return .transport("\(address): \(text)")
    }
}
