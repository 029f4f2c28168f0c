import Foundation
import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 between replicas and a server, which injects the faults networks
/// make: a dropped or truncated answer (the server handled the request, the client never hears),
/// a request cut before it arrives, a reset, a delay, a refused connection. TLS passes through
/// untouched (the proxy sees bytes only), so a cut may fall in a handshake, in headers or mid-body.
///
/// Faults are armed in order (``arm(_:)``) and each fires once, on the next bytes that cross in
/// its direction on any connection: a replica's pooled connection is hit as well as a new one.
/// The upstream port may change (a server restarted after kill -9): new connections follow it.
final class FaultProxy: @unchecked Sendable {
    enum Fault: Hashable, Sendable, CustomStringConvertible {
        /// The next answer bytes: forward `bytes` of them, then close (FIN): a truncated answer.
        case cutAnswer(bytes: Int)
        /// The next answer bytes: reset the connection (RST) without forwarding them: a lost answer.
        case resetAnswer
        /// The next request bytes: forward `bytes` of them, then close: a request that never arrives whole.
        case cutRequest(bytes: Int)
        /// The next answer bytes arrive `milliseconds` late.
        case delayAnswer(milliseconds: Int)
        /// The next connection is closed as soon as it is accepted.
        case refuse

        var description: String {
            switch self {
            case .cutAnswer(let n): "cut answer after \(n) B"
            case .resetAnswer: "reset answer"
            case .cutRequest(let n): "cut request after \(n) B"
            case .delayAnswer(let ms): "delay answer \(ms) ms"
            case .refuse: "refuse connection"
            }
        }
    }

    let port: Int
    private let channel: any Channel
    private let lock = NSLock()
    private var upstreamPort: Int
    private var armed: [Fault] = []
    private var open: [ObjectIdentifier: any Channel] = [:]
    /// Faults that fired, in order.
    private(set) var fired: [Fault] = []

    init(upstreamPort: Int) async throws {
        self.upstreamPort = upstreamPort
        let box = Box()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Nothing is read from a client before its upstream connection exists.
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { child in
                box.proxy!.accept(child)
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        box.proxy = self
    }

    private final class Box: @unchecked Sendable { weak var proxy: FaultProxy? }

    /// Where new connections go.
    func setUpstream(port: Int) { lock.withLock { upstreamPort = port } }

    /// Queues a fault; it fires on the next bytes crossing in its direction.
    func arm(_ fault: Fault) { lock.withLock { armed.append(fault) } }

    /// Drops every armed fault (the final, quiet round of syncs).
    func disarm() { lock.withLock { armed.removeAll() } }

    /// Closes every relayed connection (a network change: every pooled connection is gone).
    func dropConnections() {
        for channel in lock.withLock({ Array(open.values) }) { channel.close(promise: nil) }
    }

    func stop() async {
        dropConnections()
        try? await channel.close()
    }

    enum Direction { case request, answer }

    /// The armed fault for the next bytes in `direction`, consumed.
    fileprivate func take(_ direction: Direction) -> Fault? {
        lock.withLock {
            guard let index = armed.firstIndex(where: { fault in
                switch fault {
                case .cutAnswer, .resetAnswer, .delayAnswer: direction == .answer
                case .cutRequest: direction == .request
                case .refuse: false
                }
            }) else { return nil }
            let fault = armed.remove(at: index)
            fired.append(fault)
            return fault
        }
    }

    private func takeRefusal() -> Bool {
        lock.withLock {
            guard let index = armed.firstIndex(of: .refuse) else { return false }
            armed.remove(at: index)
            fired.append(.refuse)
            return true
        }
    }

    private func accept(_ client: any Channel) -> EventLoopFuture<Void> {
        if takeRefusal() {
            return client.close()
        }
        let port = lock.withLock { upstreamPort }
        lock.withLock { open[ObjectIdentifier(client)] = client }
        client.closeFuture.whenComplete { [weak self] _ in _ = self?.lock.withLock { self?.open.removeValue(forKey: ObjectIdentifier(client)) } }
        let toServer = Relay(proxy: self, direction: .request)
        let toClient = Relay(proxy: self, direction: .answer)
        return ClientBootstrap(group: client.eventLoop)
            .channelInitializer { server in server.eventLoop.makeCompletedFuture { try server.pipeline.syncOperations.addHandler(toClient) } }
            .connect(host: "127.0.0.1", port: port)
            .flatMap { server in
                toServer.peer = server
                toClient.peer = client
                server.closeFuture.whenComplete { _ in client.close(promise: nil) }
                client.closeFuture.whenComplete { _ in server.close(promise: nil) }
                return client.eventLoop.makeCompletedFuture { try client.pipeline.syncOperations.addHandler(toServer) }
                    .flatMap { client.setOption(.autoRead, value: true) }
            }
            .flatMapError { _ in client.close() }
    }

    /// Copies bytes to its peer, applying the fault of its direction when one fires.
    private final class Relay: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let proxy: FaultProxy
        let direction: Direction
        var peer: (any Channel)?

        init(proxy: FaultProxy, direction: Direction) {
            self.proxy = proxy
            self.direction = direction
        }

        /// The last write queued: writes stay in order when one of them is delayed.
        var tail: EventLoopFuture<Void>?

        func forward(_ buffer: ByteBuffer, to peer: any Channel, after delay: Int64 = 0, on loop: any EventLoop) {
            let start = tail ?? loop.makeSucceededVoidFuture()
            let ready = delay > 0 ? start.flatMap { loop.scheduleTask(in: .milliseconds(delay)) {}.futureResult } : start
            tail = ready.flatMap { peer.writeAndFlush(buffer) }.recover { _ in }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard let peer else { return }
            let loop = context.eventLoop
            switch proxy.take(direction) {
            case nil, .refuse:
                forward(buffer, to: peer, on: loop)
            case .cutAnswer(let n), .cutRequest(let n):
                let channel = context.channel
                if let head = buffer.readSlice(length: min(n, buffer.readableBytes)), head.readableBytes > 0 {
                    forward(head, to: peer, on: loop)
                }
                (tail ?? loop.makeSucceededVoidFuture()).whenComplete { _ in
                    peer.close(promise: nil)
                    channel.close(promise: nil)
                }
            case .resetAnswer:
                // SO_LINGER 0 on the client side: the client sees a reset, not an orderly close.
                let channel = context.channel
                if let provider = peer as? any SocketOptionProvider {
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                        peer.close(promise: nil)
                        channel.close(promise: nil)
                    }
                } else {
                    peer.close(promise: nil)
                    channel.close(promise: nil)
                }
            case .delayAnswer(let ms):
                forward(buffer, to: peer, after: Int64(ms), on: loop)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer?.close(promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
