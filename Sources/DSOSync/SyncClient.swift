import DSOModel
import DSOProtocol
import Foundation

/// Speaks protocol v1 to a sync server over a ``SyncTransport``: adds the version header and
/// the bearer token, encodes requests, decodes answers and problem documents.
public struct SyncClient: Sendable {
    public let transport: any SyncTransport
    private let token: String
    /// How long an answer may take beyond a long-poll's wait before the call fails (and is retried).
    public let answerMargin: Duration

    /// - Parameters:
    ///   - transport: moves the bytes (``HTTPTransport`` in production).
    ///   - token: the user's bearer token, from `dso-server user add`.
    ///   - answerMargin: how long an answer may take (beyond a long-poll's wait); default 30 s.
    public init(transport: any SyncTransport, token: String, answerMargin: Duration = SyncClient.defaultAnswerMargin) {
        self.transport = transport
        self.token = token
        self.answerMargin = answerMargin
    }

    /// `GET /v1/hello`: checks the token and learns the caller's login, role and the limits.
    public func hello() async throws -> Hello {
        try await call("GET", "/v1/hello", body: nil)
    }

    /// `POST /v1/changesets`.
    public func push(_ request: PushRequest) async throws -> PushResponse {
        try await call("POST", "/v1/changesets", body: try WireJSON.encoder().encode(request))
    }

    /// `GET /v1/changes`: the next page after `cursor`, waiting up to `wait` seconds for news.
    /// `replica` names the pulling replica, so the server can tell the credit team when it last
    /// caught up (`report activity`).
    public func pull(after cursor: String?, limit: Int, wait: Int = 0, replica: UUID? = nil) async throws -> PullResponse {
        var query = "limit=\(limit)"
        if let replica { query += "&replica=\(replica.uuidString)" }
        if let cursor { query += "&after=\(cursor.addingPercentEncoding(withAllowedCharacters: SyncClient.unreserved) ?? cursor)" }
        if wait > 0 { query += "&wait=\(wait)" }
        return try await call("GET", "/v1/changes?\(query)", body: nil, timeout: .seconds(wait) + answerMargin)
    }

    /// `GET /v2/snapshot` (protocol version 2): the caller's scope as one SQLite file, streamed
    /// to `file` (mode 0600).
    ///
    /// - Returns: `false` when the server does not serve version 2 (it answers 404 or 426); the
    ///   caller then downloads through version 1 pages.
    /// - Throws: ``SyncError`` as for the other calls (a busy server's 503 is retryable).
    public func snapshotFile(to file: URL, timeout: Duration = .seconds(300)) async throws -> Bool {
        let headers = [(ProtocolVersion.header, String(ProtocolVersion.snapshotFile)),
                       ("Authorization", "Bearer \(token)"), ("Accept", SnapshotFile.mediaType)]
        let response: TransportResponse
        do {
            response = try await transport.download(TransportRequest(method: "GET", target: SnapshotFile.path + "?" + SnapshotFile.provenanceQuery,
                                                                     headers: headers,
                                                                     timeout: timeout), to: file)
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.transport(String(describing: error))
        }
        if response.status == 404 || response.status == 426 { return false }
        try SyncClient.check(response)
        return true
    }

    /// The default of ``answerMargin``.
    public static let defaultAnswerMargin: Duration = .seconds(30)

    /// RFC 3986 unreserved characters: what a query value may hold unescaped.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private func call<T: Decodable>(_ method: String, _ target: String, body: Data?, timeout: Duration? = nil) async throws -> T {
        var headers = [(ProtocolVersion.header, String(ProtocolVersion.current)),
                       ("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response: TransportResponse
        do {
            response = try await transport.send(TransportRequest(method: method, target: target, headers: headers, body: body, timeout: timeout ?? answerMargin))
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.transport(String(describing: error))
        }
        try SyncClient.check(response)
        let decoder = WireJSON.decoder()
        do {
            return try decoder.decode(T.self, from: response.body)
        } catch {
            throw SyncError.badResponse(status: response.status, detail: "undecodable \(T.self): \(error)")
        }
    }

    /// Throws the problem (or a ``SyncError/badResponse(status:detail:)``) of an answer that is not 2xx.
    private static func check(_ response: TransportResponse) throws {
        guard !(200..<300).contains(response.status) else { return }
        if let problem = try? WireJSON.decoder().decode(Problem.self, from: response.body) { throw SyncError.problem(problem) }
        throw SyncError.badResponse(status: response.status, detail: String(decoding: response.body.prefix(200), as: UTF8.self))
    }
}
