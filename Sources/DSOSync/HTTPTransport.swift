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
///
/// Timeouts: a connection must be established within `connectTimeout` (a few seconds: a server
/// that is down or unreachable is reported at once), and each answer must be complete within the
/// request's own timeout (``TransportRequest/timeout``, the long-poll wait plus a margin) or
/// `timeout`. Failures are classified for the engine: ``SyncError/unreachable(_:)`` when no
/// connection could be made, ``SyncError/transport(_:)`` when one broke mid-way (both retried),
/// ``SyncError/untrustedServer(_:)`` only when the server's certificate fails verification (never
/// retried). Call ``shutdown()`` when done with it.
public final class HTTPTransport: SyncTransport {
    public let server: URL
    private let client: HTTPClient
    private let timeout: Duration
    private let caFile: String?

    /// - Parameters:
    ///   - server: base URL, `https://host:port`. Plain `http` is refused.
    ///   - trustedCAFile: PEM file of a CA to trust in addition to the system's (the server's
    ///     local CA printed by `dso-server serve`).
    ///   - timeout: default deadline of an answer, for requests that set none.
    ///   - connectTimeout: deadline of establishing a connection.
    /// - Throws: ``SyncError/insecureServer(_:)`` for a URL that is not HTTPS;
    ///   ``SyncError/badCertificateFile(_:)`` when `trustedCAFile` holds no PEM certificate.
    public init(server: URL, trustedCAFile: String? = nil, timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(3)) throws {
        guard server.scheme?.lowercased() == "https" else { throw SyncError.insecureServer(server.absoluteString) }
        self.server = server
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let trustedCAFile {
            let certificates = try? NIOSSLCertificate.fromPEMFile(trustedCAFile)
            guard let certificates, !certificates.isEmpty else { throw SyncError.badCertificateFile(trustedCAFile) }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, decompression: .enabled(limit: .ratio(50)))
        configuration.timeout = .init(connect: TimeAmount.nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
                                                                        + connectTimeout.components.attoseconds / 1_000_000_000))
        // Our engine decides about retries; a server that is down must be reported at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
        caFile = trustedCAFile
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let deadline = request.timeout ?? timeout
        do {
            let response = try await client.execute(outgoing(request), timeout: .seconds(max(1, deadline.components.seconds)))
            let body = try await response.body.collect(upTo: 256 << 20)
            return TransportResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                     body: Data(body.readableBytesView))
        } catch {
            throw TransportFailure.classify(error, server: server, caFile: caFile, deadline: deadline)
        }
    }

    /// Streams the body of a 2xx answer to `file` chunk by chunk: memory stays flat whatever
    /// the size of the file.
    public func download(_ request: TransportRequest, to file: URL) async throws -> TransportResponse {
        let deadline = request.timeout ?? timeout
        let sink = try ReplicaFile.privateSink(file)
        defer { try? sink.close() }
        do {
            let response = try await client.execute(outgoing(request), timeout: .seconds(max(1, deadline.components.seconds)))
            let headers = response.headers.map { ($0.name, $0.value) }
            guard (200..<300).contains(response.status.code) else {
                let body = try await response.body.collect(upTo: 1 << 20)
                return TransportResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
            }
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { try sink.write(contentsOf: $0) }
            }
            return TransportResponse(status: Int(response.status.code), headers: headers, body: Data())
        } catch let error as CocoaError {
            throw error
        } catch {
            throw TransportFailure.classify(error, server: server, caFile: caFile, deadline: deadline)
        }
    }

    private func outgoing(_ request: TransportRequest) -> HTTPClientRequest {
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
        return outgoing
    }

    /// Closes connections. Required before the transport is released.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
