import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not fully arrived within `timeout` of its head.
///
/// The push route answers a stalled body with 408 after ``ConnectionLimits/bodyTimeout``; this
/// guard covers every request, the ones no route reads too (a body sent to `/health`, or with a
/// refused token, is drained by the HTTP layer, and a body trickled a byte at a time keeps the
/// idle timer alive). It fires a little after the route's own deadline, so that the 408 goes out
/// first.
final class RequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
