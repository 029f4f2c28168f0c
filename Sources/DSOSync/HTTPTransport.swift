import AsyncHTTPClient
import CompressNIO
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// HTTPS transport over AsyncHTTPClient.
///
/// ```swift
/// let transport = try HTTPTransport(server: URL(string: "https://sync.example.com:8443")!,
///                                   trustedCAFile: "/path/to/ca.pem")
/// defer { Task { try await transport.shutdown() } }
/// ```
/// Call ``shutdown()`` when done with it.
public final class HTTPTransport: SyncTransport {
    public let server: URL
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameters:
    ///   - server: base URL, `https://host:port`. Plain `http` is refused.
    ///   - trustedCAFile: PEM file of a CA to trust in addition to the system's (the server's
    ///     local CA printed by `dso-server serve`).
    ///   - timeout: per-request deadline; keep it above the long-poll wait.
    public init(server: URL, trustedCAFile: String? = nil, timeout: Duration = .seconds(90)) throws {
        guard server.scheme?.lowercased() == "https" else { throw SyncError.insecureServer(server.absoluteString) }
        self.server = server
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let trustedCAFile {
            let certificates = try NIOSSLCertificate.fromPEMFile(trustedCAFile)
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, decompression: .enabled(limit: .ratio(50)))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(Int64(timeout.components.seconds)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = .seconds(Int64(timeout.components.seconds))
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var base = server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var outgoing = HTTPClientRequest(url: base + request.target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.headers.add(name: "Accept-Encoding", value: "gzip")
        if let body = request.body {
            var buffer = ByteBuffer(bytes: body)
            // Large change-sets travel gzipped; the server inflates them.
            if body.count >= 1024, let compressed = try? buffer.compress(with: .gzip()) {
                buffer = compressed
                outgoing.headers.add(name: "Content-Encoding", value: "gzip")
            }
            outgoing.body = .bytes(buffer)
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(outgoing, timeout: timeout)
            body = try await response.body.collect(upTo: 256 << 20)
        } catch let error as NIOSSLError {
            throw SyncError.untrustedServer("\(server.host ?? "?"):\(server.port ?? 443): TLS failed (\(error)); pass the server's CA with --ca")
        } catch let error as BoringSSLError {
            throw SyncError.untrustedServer("\(server.host ?? "?"):\(server.port ?? 443): TLS certificate not trusted (\(error)); pass the server's CA with --ca")
        } catch {
            throw SyncError.transport("\(server.host ?? "?"):\(server.port ?? 443): \(HTTPTransport.reason(error))")
        }
        return TransportResponse(status: Int(response.status.code),
                                 headers: response.headers.map { ($0.name, $0.value) },
                                 body: Data(body.readableBytesView))
    }

    /// A short human reason for a network failure.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        for (needle, reason) in [("Connection refused", "connection refused (is the server running?)"),
                                 ("certificate", "TLS certificate not trusted (pass the server's CA with --ca)"),
                                 ("handshake", "TLS handshake failed"), ("imeout", "timed out"),
                                 ("Network is unreachable", "network unreachable"), ("resolve", "host name not found")]
            where text.contains(needle) { return reason }
        return text
    }

    /// Closes connections. Required before the transport is released.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
