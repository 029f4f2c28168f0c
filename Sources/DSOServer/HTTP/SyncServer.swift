import DSOProtocol
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Where and how the sync server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// PEM certificate chain and private key of the server.
    public var certificateChain: String
    public var privateKey: String
    public var limits: Limits
    /// Connection guards: a server on a network meets slow and idle clients (slowloris).
    public var connections: ConnectionLimits

    public init(host: String = "127.0.0.1", port: Int = 8443, certificateChain: String, privateKey: String, limits: Limits = Limits(),
                connections: ConnectionLimits = ConnectionLimits()) {
        self.host = host
        self.port = port
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.limits = limits
        self.connections = connections
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChain).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKey, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}

/// The HTTPS sync server: routes, middleware and TLS around a ``CentralStore``.
public enum SyncServer {
    /// The router of protocols v1 and v2, without transport. At most `snapshotBuilds` snapshot
    /// files are built at once (503 `server_busy` beyond). `additionalRoutes` adds routes of
    /// other modules (the web console) beside the sync API.
    ///
    /// Every request is logged on one line (``RequestLogMiddleware``) and measured through
    /// swift-metrics; with `metrics`, admins read them on `GET /metrics`. `/healthz` and
    /// `/readyz` answer probes without a token.
    public static func router(store: CentralStore, limits: Limits, bodyTimeout: Duration = ConnectionLimits().bodyTimeout,
                              snapshotBuilds: Int = 2, metrics: ServerMetrics? = nil,
                              additionalRoutes: (Router<DSORequestContext>) -> Void = { _ in }) -> Router<DSORequestContext> {
        let router = Router(context: DSORequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(allowedMethods: [
            "/health": ["GET"], "/healthz": ["GET"], "/readyz": ["GET"], "/metrics": ["GET"],
            "/v1/hello": ["GET"], "/v1/changesets": ["POST"], "/v1/changes": ["GET"], SnapshotFile.path: ["GET"],
        ]))
        HealthRoutes(store: store).register(on: router)
        if let metrics { MetricsRoutes(store: store, metrics: metrics).register(on: router) }
        let v1 = router.group("v1")
            .add(middleware: VersionMiddleware())
            .add(middleware: AuthMiddleware(store: store))
        SyncRoutes(store: store, limits: limits, bodyTimeout: bodyTimeout).register(on: v1)
        let v2 = router.group("v2")
            .add(middleware: VersionMiddleware(supported: [ProtocolVersion.snapshotFile]))
            .add(middleware: AuthMiddleware(store: store))
        SnapshotRoutes(store: store, gate: SnapshotGate(limit: snapshotBuilds)).register(on: v2)
        additionalRoutes(router)
        return router
    }

    /// An application serving HTTPS on the configured address. Run it with `runService()`
    /// (graceful shutdown on SIGINT/SIGTERM) or inside your own `ServiceGroup`.
    ///
    /// `onRunning` receives the bound port (useful with port 0).
    public static func application(store: CentralStore, configuration: ServerConfiguration, logger: Logger,
                                   metrics: ServerMetrics? = nil,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                                   additionalRoutes: (Router<DSORequestContext>) -> Void = { _ in }) throws -> some ApplicationProtocol {
        let guards = configuration.connections
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HandshakeDeadline(timeout: TimeAmount(guards.handshakeTimeout)),
                                        RequestDeadline(timeout: TimeAmount(guards.bodyTimeout + .seconds(1)))],
            idleTimeout: TimeAmount(guards.idleTimeout))
        return Application(
            router: router(store: store, limits: configuration.limits, bodyTimeout: guards.bodyTimeout, metrics: metrics,
                           additionalRoutes: additionalRoutes),
            server: try .tls(.http1(configuration: http), tlsConfiguration: try configuration.tlsConfiguration()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "dso-server/\(Release.version)",
                                 availableConnectionsDelegate: .maximum(guards.maxConnections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Plain HTTP on 127.0.0.1 only, answering `GET /metrics` without a token: the local
    /// scrape port of `dso-server serve --metrics-port`. `onRunning` receives the bound port.
    public static func metricsApplication(store: CentralStore, metrics: ServerMetrics, port: Int, logger: Logger,
                                          onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        MetricsRoutes(store: store, metrics: metrics).registerOpen(on: router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "dso-server-metrics"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }
}
