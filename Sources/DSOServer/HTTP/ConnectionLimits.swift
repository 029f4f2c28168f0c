/// How the server guards its connections against slow, idle and too many clients.
///
/// | guard | default | what happens |
/// |---|---|---|
/// | `handshakeTimeout` | 10 s | a connection whose TLS handshake is not done by then is closed |
/// | `idleTimeout` | 60 s | a connection that receives nothing for this long while no answer is being prepared (idle keep-alive, a head or body that stalls) is closed |
/// | `bodyTimeout` | 30 s | a push body not fully received this long after its head gets 408 `request_timeout`; any request not fully received a second later has its connection closed |
/// | `maxConnections` | 512 | beyond this many open connections the server stops accepting until one closes |
///
/// A long-poll pull is a request being answered: the idle timeout does not cut it. Keep
/// `bodyTimeout` below `idleTimeout`, so that a stalled body gets its 408 before the connection
/// is dropped.
public struct ConnectionLimits: Sendable {
    public var handshakeTimeout: Duration
    public var idleTimeout: Duration
    public var bodyTimeout: Duration
    public var maxConnections: Int

    public init(handshakeTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(30),
                maxConnections: Int = 512) {
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = max(1, maxConnections)
    }
}
