import Foundation
import NIOCore
import NIOPosix

/// A TCP listener on 127.0.0.1 that misbehaves the way networks do, for the client's failure
/// handling: it closes connections at once (mid-handshake for TLS), swallows everything and
/// never answers (a black hole), or reads a little and resets the connection.
final class FaultServer: @unchecked Sendable {
    enum Mode: Sendable {
        /// Accepts, then closes at once: the TLS handshake ends with an EOF.
        case closeOnAccept
        /// Accepts and reads, never writes, never closes.
        case blackHole
        /// Accepts, reads the first bytes, then resets the connection (RST).
        case resetAfterFirstRead
    }

    let port: Int
    private let channel: any Channel

    init(_ mode: Mode) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Behaviour(mode: mode))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Behaviour: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let mode: Mode
        init(mode: Mode) { self.mode = mode }

        func channelActive(context: ChannelHandlerContext) {
            if case .closeOnAccept = mode { context.close(promise: nil) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .resetAfterFirstRead = mode {
                // SO_LINGER 0: close sends a reset instead of a FIN.
                let channel = context.channel
                if let provider = channel as? any SocketOptionProvider {
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
                } else {
                    context.close(promise: nil)
                }
            }
        }
    }
}
