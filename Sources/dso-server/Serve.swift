import ArgumentParser
import DSOProtocol
import DSOConsole
import DSOServer
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8443

    @Option(help: ArgumentHelp("PEM certificate chain; without it a local CA is created under DIR/tls.", valueName: "FILE"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key matching --tls-cert.", valueName: "FILE"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "LEVEL"))
    var logLevel = "info"

    @Option(help: ArgumentHelp("Log lines on standard error as text, or as one JSON object per line for log collectors.", valueName: "text|json"))
    var logFormat = "text"

    @Option(help: ArgumentHelp("Also serve GET /metrics (Prometheus) without a token on this port of 127.0.0.1 (0: any free port). On the sync port, /metrics needs an admin's token.",
                               valueName: "PORT"))
    var metricsPort: Int?

    @Option(help: ArgumentHelp("Close a connection whose TLS handshake is not done after this many seconds (1-300).", valueName: "SECONDS"))
    var handshakeTimeout = 10

    @Option(help: ArgumentHelp("Answer 408 to a push whose body has not fully arrived after this many seconds (1-3600).", valueName: "SECONDS"))
    var bodyTimeout = 30

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this many seconds while no answer is being prepared (1-3600; long-polls are not cut).",
                               valueName: "SECONDS"))
    var idleTimeout = 60

    @Option(help: ArgumentHelp("Most open connections; beyond, new ones wait until one closes (1-100000).", valueName: "N"))
    var maxConnections = 512

    @Option(help: ArgumentHelp("With --store: most PostgreSQL connections this server opens (1-1000); one more listens for the other servers' commits.",
                               valueName: "N"))
    var poolSize = 8

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535 (0: any free port)") }
        guard (1...300).contains(handshakeTimeout) else { throw ValidationError("--handshake-timeout must be 1-300 seconds") }
        guard (1...3600).contains(bodyTimeout) else { throw ValidationError("--body-timeout must be 1-3600 seconds") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1-3600 seconds") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be 1-100000") }
        guard (1...1000).contains(poolSize) else { throw ValidationError("--pool-size must be 1-1000") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0-65535 (0: any free port)") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    var connections: ConnectionLimits {
        ConnectionLimits(handshakeTimeout: .seconds(handshakeTimeout), idleTimeout: .seconds(idleTimeout), bodyTimeout: .seconds(bodyTimeout),
                         maxConnections: maxConnections)
    }

    /// Resolves the certificate to serve, creating the local CA if needed. Returns the
    /// configuration and the CA file clients must trust (nil with a user-supplied certificate).
    func configuration(dataDirectory: URL) throws -> (ServerConfiguration, String?) {
        switch (tlsCert, tlsKey) {
        case let (cert?, key?):
            return (ServerConfiguration(host: host, port: port, certificateChain: cert, privateKey: key, connections: connections), nil)
        case (nil, nil):
            let ca = LocalCertificateAuthority(dataDirectory: dataDirectory)
            if try ca.ensure() { say("Created a local certificate authority in \(ca.directory.path)") }
            return (ServerConfiguration(host: host, port: port, certificateChain: ca.serverCertificate.path,
                                        privateKey: ca.serverKey.path, connections: connections), ca.caCertificate.path)
        default:
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    func run(store: CentralStore, dataDirectory: URL, banner: @escaping @Sendable (String, String?) -> Void) async throws {
        let (configuration, caFile) = try configuration(dataDirectory: dataDirectory)
        let logger = makeLogger()
        let metrics = ServerMetrics.shared
        let console = Console(store: store)
        Task.detached(priority: .utility) { await console.warmUp() }
        let app = try SyncServer.application(store: store, configuration: configuration, logger: logger, metrics: metrics,
                                             onRunning: { port in banner("https://\(configuration.host):\(port)", caFile) },
                                             additionalRoutes: console.register(on:))
        var services: [any Service] = [app]
        if let metricsPort {
            services.append(SyncServer.metricsApplication(store: store, metrics: metrics, port: metricsPort, logger: logger) { port in
                say("Metrics (Prometheus) on http://127.0.0.1:\(port)/metrics")
            })
        }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure("port \(port) on \(host) is already in use: stop the program using it, or pass --port", exitCode: 69)
        }
    }
}

extension ServeOptions {
    /// The server's logger: text or JSON lines on standard error, at the chosen level.
    func makeLogger() -> Logger {
        let json = logFormat == "json"
        var logger = Logger(label: "dso-server") { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the sync protocol over HTTPS until SIGINT or SIGTERM.",
        discussion: """
            Clients trust the server through the CA file it prints: dso init --server URL --token TOKEN --ca FILE

            One server per data directory: a second one on the same --data refuses to start. With --store postgres://USER@HOST:PORT/DATABASE (created by `dso-server migrate --store`), several servers serve one PostgreSQL store, each with its own --data for its TLS files: a replica may push to one and pull from another, and long-polls wake on every server. Connections are guarded: a TLS handshake must finish within --handshake-timeout, a push body arrive within --body-timeout, an idle connection is closed after --idle-timeout, and at most --max-connections are open at once.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore(poolSize: serve.poolSize)
            if store.engine == .sqlite {
                try ServeLock.acquire(data.directory)
            } else {
                try FileManager.default.createDirectory(at: data.directory, withIntermediateDirectories: true)
            }
            try PortCheck.ensureFree(host: serve.host, port: serve.port)
            try await serve.run(store: store, dataDirectory: data.directory) { url, ca in
                say("DSO Sync server listening on \(url)")
                if let ca { say("Clients must trust this CA: \(ca)") }
                say("Stop with Ctrl-C.")
            }
        }
    }
}
