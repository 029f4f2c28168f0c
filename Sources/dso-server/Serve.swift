import ArgumentParser
import DSOProtocol
import DSOConsole
import DSOServer
import Foundation
import Hummingbird
import Logging
import NIOCore

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

    @Option(help: ArgumentHelp("Close a connection whose TLS handshake is not done after this many seconds (1-300).", valueName: "SECONDS"))
    var handshakeTimeout = 10

    @Option(help: ArgumentHelp("Answer 408 to a push whose body has not fully arrived after this many seconds (1-3600).", valueName: "SECONDS"))
    var bodyTimeout = 30

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this many seconds while no answer is being prepared (1-3600; long-polls are not cut).",
                               valueName: "SECONDS"))
    var idleTimeout = 60

    @Option(help: ArgumentHelp("Most open connections; beyond, new ones wait until one closes (1-100000).", valueName: "N"))
    var maxConnections = 512

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535 (0: any free port)") }
        guard (1...300).contains(handshakeTimeout) else { throw ValidationError("--handshake-timeout must be 1-300 seconds") }
        guard (1...3600).contains(bodyTimeout) else { throw ValidationError("--body-timeout must be 1-3600 seconds") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1-3600 seconds") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be 1-100000") }
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
        var logger = Logger(label: "dso-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let console = Console(store: store)
        Task.detached(priority: .utility) { await console.warmUp() }
        let app = try SyncServer.application(store: store, configuration: configuration, logger: logger,
                                             onRunning: { port in banner("https://\(configuration.host):\(port)", caFile) },
                                             additionalRoutes: console.register(on:))
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure("port \(port) on \(host) is already in use: stop the program using it, or pass --port", exitCode: 69)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the sync protocol over HTTPS until SIGINT or SIGTERM.",
        discussion: """
            Clients trust the server through the CA file it prints: dso init --server URL --token TOKEN --ca FILE

            One server per data directory: a second one on the same --data refuses to start. Connections are guarded: a TLS handshake must finish within --handshake-timeout, a push body arrive within --body-timeout, an idle connection is closed after --idle-timeout, and at most --max-connections are open at once.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        try await reporting {
            let store = try data.openExistingStore()
            try ServeLock.acquire(data.directory)
            try PortCheck.ensureFree(host: serve.host, port: serve.port)
            try await serve.run(store: store, dataDirectory: data.directory) { url, ca in
                say("DSO Sync server listening on \(url)")
                if let ca { say("Clients must trust this CA: \(ca)") }
                say("Stop with Ctrl-C.")
            }
        }
    }
}
