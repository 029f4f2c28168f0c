import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A raw connection to the test server, for what no HTTP client will send: broken framing,
/// trickled headers, silence. Optionally over TLS (trusting the cluster's CA).
final class RawConnection: @unchecked Sendable {
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Connects to 127.0.0.1:`port`; with `caFile`, performs a TLS handshake first.
    init(port: Int, caFile: String?) async throws {
        var context: NIOSSLContext?
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            tls.certificateVerification = .noHostnameVerification
            context = try NIOSSLContext(configuration: tls)
        }
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        (iterator, writer) = (channel.inbound.makeAsyncIterator(), channel.outbound)
    }

    func send(_ text: String) async throws { try await send(Data(text.utf8)) }

    func send(_ bytes: Data) async throws { try await writer.write(ByteBuffer(bytes: bytes)) }

    /// Reads until the server closes the connection, a whole HTTP answer has arrived, or
    /// `timeout` passes. Returns what was read, whether the server closed, and how long it took.
    func read(timeout: Duration) async throws -> (text: String, closed: Bool, elapsed: Duration) {
        let start = ContinuousClock.now
        var received = Data()
        var closed = false
        let box = IteratorBox(iterator)
        while ContinuousClock.now - start < timeout {
            let remaining = timeout - (ContinuousClock.now - start)
            let next: ByteBuffer?? = try await withThrowingTaskGroup(of: ByteBuffer??.self) { group in
                group.addTask { .some(try await box.next()) }
                group.addTask { try await Task.sleep(for: remaining); return .none }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            guard let chunk = next else { break }             // timed out
            guard let buffer = chunk else { closed = true; break }   // end of stream
            received.append(contentsOf: buffer.readableBytesView)
            if RawConnection.isComplete(received) { break }
        }
        iterator = box.iterator
        return (String(decoding: received, as: UTF8.self), closed, ContinuousClock.now - start)
    }

    func close() async {
        writer.finish()
        try? await channel.channel.close()
    }

    deinit { writer.finish() }

    /// Whether `data` holds a whole HTTP answer (head and a Content-Length body).
    static func isComplete(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return true }
        return text[end.upperBound...].utf8.count >= length
    }

    /// Lets a child task advance the iterator and hand it back.
    private final class IteratorBox: @unchecked Sendable {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> ByteBuffer? { try await iterator.next() }
    }
}
