import Foundation

/// One HTTP request of the protocol, independent of the HTTP library that sends it.
public struct TransportRequest: Sendable {
    public var method: String
    /// Path and query, e.g. `/v1/changes?after=abc&limit=500`.
    public var target: String
    public var headers: [(String, String)]
    public var body: Data?

    public init(method: String, target: String, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
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
    /// Throw ``SyncError/transport(_:)`` (or any error) for a network failure the engine should
    /// retry with backoff; throw ``SyncError/untrustedServer(_:)`` for one it must not retry.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
