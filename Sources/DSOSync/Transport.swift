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

    /// Sends the request and writes the body of a 2xx answer to `file` (created, or truncated,
    /// with mode 0600) instead of returning it; any other answer is returned with its body, and
    /// `file` is then left empty. Used for the version 2 snapshot file, which may be tens of
    /// megabytes: ``HTTPTransport`` streams it to disk in chunks.
    ///
    /// The default implementation calls ``send(_:)`` and writes the body it returns (the whole
    /// file passes through memory once).
    func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse
}

extension SyncTransport {
    public func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse {
        var response = try await send(request)
        let sink = try ReplicaFile.privateSink(file)
        defer { try? sink.close() }
        if (200..<300).contains(response.status) {
            try sink.write(contentsOf: response.body)
            response.body = Data()
        }
        return response
    }
}
