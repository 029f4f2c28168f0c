import DSOProtocol
import Foundation

/// Why a sync call failed.
public enum SyncError: Error, CustomStringConvertible, Sendable {
    /// The server answered with a problem document (a 4xx is final: retrying will not help).
    case problem(Problem)
    /// The server answered something that is not a protocol message.
    case badResponse(status: Int, detail: String)
    /// No connection could be made: refused, unknown host, no route, no answer within the connect
    /// timeout. Retried briefly (``RetryPolicy/maxConnectAttempts``), then reported at once.
    case unreachable(String)
    /// A connection broke or timed out in the middle of an exchange (the engine retries these
    /// with backoff).
    case transport(String)
    /// The server's certificate failed verification (not signed by a trusted CA, or not issued
    /// for this host): never retried.
    case untrustedServer(String)
    /// The replica was never attached to a server: run `dso init`.
    case notConfigured
    /// A server URL that is not HTTPS.
    case insecureServer(String)
    /// The CA file given holds no PEM certificate.
    case badCertificateFile(String)

    public var description: String {
        switch self {
        case .problem(let p): p.description
        case .badResponse(let status, let detail): "unexpected answer from the server (HTTP \(status)): \(detail)"
        case .unreachable(let message): "cannot reach the server: \(message)"
        case .transport(let message): "the connection to the server failed: \(message)"
        case .untrustedServer(let message): "refusing the server: \(message)"
        case .notConfigured: "this replica is not attached to a server; run `dso init --server URL --token TOKEN`"
        case .insecureServer(let url): "refusing \(url): the sync server must be reached over https://"
        case .badCertificateFile(let path): "\(path) is not a PEM certificate; pass the server's ca.pem with --ca"
        }
    }

    /// Whether retrying the same call later may succeed.
    public var isRetryable: Bool {
        switch self {
        case .transport, .unreachable: true
        case .problem(let p): p.status >= 500
        case .badResponse(let status, _): status >= 500
        case .notConfigured, .insecureServer, .untrustedServer, .badCertificateFile: false
        }
    }
}
