import Foundation

/// One HTTP request of the protocol, independent of the HTTP library that sends it.
public struct TransportRequest: Sendable {
    public var method: String
    /// Path and query, e.g. `/v1/changes?after=abc&limit=500`.
    public var target: String
    public var headers: [(String, String)]
    public var body: Data?
    /// How long the whole answer may take (a long-poll's wait plus a margin); `nil`: the
    /// transport's default.
    public var timeout: Duration?

    public init(method: String, target: String, headers: [(String, String)] = [], body: Data? = nil, timeout: Duration? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The answer to a ``TransportRequest``.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends protocol requests to the sync server.
///
/// ``HTTPTransport`` is the production implementation (HTTPS through AsyncHTTPClient). A mobile
/// app may supply its own (URLSession, a proxy, a fault injector in tests): it only has to move
/// bytes; ``SyncClient`` adds the protocol version, the token, and error decoding.
public protocol SyncTransport: Sendable {
    /// Sends the request and returns whatever HTTP answer came back (any status).
    ///
    /// Throw ``SyncError/unreachable(_:)`` when no connection can be made (retried briefly),
    /// ``SyncError/transport(_:)`` (or any error) for a connection that broke mid-exchange
    /// (retried with backoff), ``SyncError/untrustedServer(_:)`` for a certificate that fails
    /// verification (never retried).
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
