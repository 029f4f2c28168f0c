import Foundation

/// Sends to one of several servers of the same store (a PostgreSQL store served by several
/// `dso-server` processes), moving to the next when one is down.
///
/// A request goes to the server that answered last. When that server cannot be reached, the
/// connection breaks, or it answers 502, 503 or 504 (restarting, draining, its store
/// unreachable), the same request goes to the next server, and so on once round the list; the
/// first real answer is returned, and that server is used from then on. Only when every server
/// failed does the caller see the failure (the last answer, else the last error), which
/// ``RetryPolicy`` retries as usual.
///
/// Sending a request again to another server is safe: cursors and receipts are valid on every
/// server of a store, and a push already applied is answered `duplicate`.
///
/// ```swift
/// let transport = try FailoverTransport(servers: [URL(string: "https://sync-a.example.com")!,
///                                                 URL(string: "https://sync-b.example.com")!],
///                                       trustedCAFile: caPath)
/// let client = SyncClient(transport: transport, token: token)
/// ```
///
/// A certificate that fails verification is never a reason to move on: it is reported at once.
public final class FailoverTransport: SyncTransport, @unchecked Sendable {
    /// The servers, in the order they were given.
    public let servers: [URL]
    private let transports: [any SyncTransport]
    private let shutdowns: [@Sendable () async throws -> Void]
    private let lock = NSLock()
    private var current = 0

    /// One ``HTTPTransport`` per server, with the same trust and timeouts.
    ///
    /// - Throws: what ``HTTPTransport/init(server:trustedCAFile:timeout:connectTimeout:)`` throws
    ///   for any of the URLs; `SyncError.notConfigured` for an empty list.
    public convenience init(servers: [URL], trustedCAFile: String? = nil, timeout: Duration = .seconds(30),
                            connectTimeout: Duration = .seconds(3)) throws {
        guard !servers.isEmpty else { throw SyncError.notConfigured }
        let transports = try servers.map {
            try HTTPTransport(server: $0, trustedCAFile: trustedCAFile, timeout: timeout, connectTimeout: connectTimeout)
        }
        self.init(servers: servers, transports: transports, shutdowns: transports.map { transport in { try await transport.shutdown() } })
    }

    /// Any transports, one per server (a custom transport, a test's fault injector).
    public convenience init(servers: [URL], transports: [any SyncTransport]) {
        self.init(servers: servers, transports: transports, shutdowns: [])
    }

    private init(servers: [URL], transports: [any SyncTransport], shutdowns: [@Sendable () async throws -> Void]) {
        precondition(servers.count == transports.count && !transports.isEmpty, "one transport per server")
        self.servers = servers
        self.transports = transports
        self.shutdowns = shutdowns
    }

    /// The server requests go to now.
    public var currentServer: URL { servers[lock.withLock { current }] }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await roundRobin { try await $0.send(request) }
    }

    public func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse {
        try await roundRobin { try await $0.download(request, to: file) }
    }

    /// Closes the connections of the transports this one made.
    public func shutdown() async throws {
        for shutdown in shutdowns { try await shutdown() }
    }

    /// Answers of a server that is there but cannot serve now: another server may.
    static let unavailable: Set<Int> = [502, 503, 504]

    private func roundRobin(_ body: (any SyncTransport) async throws -> TransportResponse) async throws -> TransportResponse {
        let start = lock.withLock { current }
        var lastError: (any Error)?
        var lastUnavailable: TransportResponse?
        for offset in 0..<transports.count {
            try Task.checkCancellation()
            let index = (start + offset) % transports.count
            do {
                let response = try await body(transports[index])
                if FailoverTransport.unavailable.contains(response.status) {
                    lastUnavailable = response
                    continue
                }
                lock.withLock { current = index }
                return response
            } catch let error as SyncError {
                if case .untrustedServer = error { throw error }
                lastError = error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastError = error
            }
        }
        if let lastUnavailable { return lastUnavailable }
        throw lastError ?? SyncError.notConfigured
    }
}
