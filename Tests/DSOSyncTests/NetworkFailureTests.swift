import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

/// What a replica meets on real networks: a server that is down, a connection cut during the TLS
/// handshake, a connection reset mid-request, a black hole.
@Suite("Network failures", .serialized)
struct NetworkFailureTests {
    /// A port nothing listens on.
    func closedPort() async throws -> Int {
        let server = try await FaultServer(.closeOnAccept)
        let port = server.port
        await server.stop()
        return port
    }

    @Test("a server that is down fails dso init and dso sync within seconds, on one line, exit 69, creating nothing")
    func serverDown() async throws {
        let port = try await closedPort()
        try await TestCluster.with { cluster in
            let path = cluster.directory.appendingPathComponent("cli/down.sqlite").path
            let start = Date()
            let result = try await CommandRunner.run("dso", ["init", "--server", "https://127.0.0.1:\(port)", "--token", cluster.tokens["alice"]!,
                                                       "--ca", cluster.caFile, "--replica", path])
            // No retry loop: seconds, not the minutes of a backoff (bounded loosely, for a loaded
            // 2-core machine running other suites beside this one).
            #expect(Date().timeIntervalSince(start) < 10)
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr == "dso: cannot reach the server: 127.0.0.1:\(port) refused the connection (is the server running?); check the network and run `dso init` again (nothing is lost)\n")
            #expect(!FileManager.default.fileExists(atPath: path))

            // An attached replica whose server goes away.
            let env = ["DSO_REPLICA": cluster.directory.appendingPathComponent("cli/alice.sqlite").path]
            #expect(try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens["alice"]!,
                                                  "--ca", cluster.caFile], environment: env).status == 0)
            #expect(try await CommandRunner.run("dso", ["qualify", "--help"]).status == 0)
            await cluster.stopServer()
            let syncStart = Date()
            let sync = try await CommandRunner.run("dso", ["sync"], environment: env)
            #expect(Date().timeIntervalSince(syncStart) < 10)
            #expect(sync.status == 69 && sync.stderr.hasPrefix("dso: cannot reach the server: 127.0.0.1:\(cluster.port) refused the connection"))
            #expect(sync.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("a connection closed during the TLS handshake is a network error, retried, never a trust error")
    func handshakeCut() async throws {
        let fault = try await FaultServer(.closeOnAccept)
        defer { Task { await fault.stop() } }
        try await TestCluster.with { cluster in
            let transport = try HTTPTransport(server: URL(string: "https://127.0.0.1:\(fault.port)")!, trustedCAFile: cluster.caFile)
            let client = SyncClient(transport: transport, token: "t")
            let replica = try Replica(path: cluster.directory.appendingPathComponent("r/cut.sqlite").path)
            let notices = NoticeLog()
            await #expect {
                try await replica.attach(server: transport.server, token: "t", caFile: cluster.caFile, client: client,
                                         retry: RetryPolicy(maxAttempts: 3, maxConnectAttempts: 3, initialDelay: .milliseconds(20)),
                                         onRetry: { notices.add($0) })
            } throws: { error in
                guard let error = error as? SyncError, error.isRetryable else { return false }
                if case .untrustedServer = error { return false }
                return !"\(error)".contains("errno") && !"\(error)".contains("--ca")
            }
            #expect(notices.count == 2)
            try await transport.shutdown()
            let cli = try await CommandRunner.run("dso", ["init", "--server", "https://127.0.0.1:\(fault.port)", "--token", "t", "--ca", cluster.caFile,
                                                    "--replica", cluster.directory.appendingPathComponent("r/cli.sqlite").path])
            #expect(cli.status == 69, "\(cli.stderr)")
            #expect(!cli.stderr.contains("--ca") && !cli.stderr.contains("errno") && !cli.stderr.contains("handshakeFailed"), "\(cli.stderr)")
        }
    }

    @Test("a connection reset mid-request is retried with backoff, shown as a retry, reported in plain words")
    func resetMidRequest() async throws {
        let fault = try await FaultServer(.resetAfterFirstRead)
        defer { Task { await fault.stop() } }
        try await TestCluster.with { cluster in
            let transport = try HTTPTransport(server: URL(string: "https://127.0.0.1:\(fault.port)")!, trustedCAFile: cluster.caFile)
            let replica = try Replica(path: cluster.directory.appendingPathComponent("r/reset.sqlite").path)
            let notices = NoticeLog()
            await #expect {
                try await replica.attach(server: transport.server, token: "t", caFile: cluster.caFile, client: SyncClient(transport: transport, token: "t"),
                                         retry: RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(20)), onRetry: { notices.add($0) })
            } throws: { error in
                guard let error = error as? SyncError, error.isRetryable else { return false }
                let text = "\(error)"
                return !text.contains("errno") && !text.contains("descriptor") && !text.contains("stream ended")
            }
            #expect(notices.count == 2)
            #expect(notices.all.first?.summary.hasPrefix("connection lost, retrying in") == true || notices.all.first?.summary.hasPrefix("server unreachable") == true)
            try await transport.shutdown()
        }
    }

    @Test("a black-holed connection fails after the answer timeout, not minutes later")
    func blackHole() async throws {
        let fault = try await FaultServer(.blackHole)
        defer { Task { await fault.stop() } }
        let transport = try HTTPTransport(server: URL(string: "https://127.0.0.1:\(fault.port)")!)
        let client = SyncClient(transport: transport, token: "t", answerMargin: .seconds(1))
        let start = ContinuousClock.now
        await #expect {
            try await client.hello()
        } throws: { error in
            guard case .transport(let message)? = error as? SyncError else { return false }
            return message.contains("did not answer within 1 s")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        try await transport.shutdown()
        // A long-poll is not cut by the margin: its timeout is its wait plus the margin.
        try await TestCluster.with { cluster in
            let client = SyncClient(transport: try cluster.transport(), token: cluster.tokens["alice"]!, answerMargin: .seconds(1))
            let cursor = try await client.caughtUp()
            let poll = ContinuousClock.now
            let idle = try await client.pull(after: cursor, limit: 10, wait: 3)
            #expect(idle.changes.isEmpty && ContinuousClock.now - poll >= .seconds(2))
        }
    }

    @Test("a certificate signed by another CA is a trust error that names the CA file")
    func wrongCA() async throws {
        try await TestCluster.with { cluster in
            let other = LocalCertificateAuthority(dataDirectory: cluster.directory.appendingPathComponent("other"))
            try other.ensure()
            let result = try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens["alice"]!,
                                                       "--ca", other.caCertificate.path,
                                                       "--replica", cluster.directory.appendingPathComponent("r/wrongca.sqlite").path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("is not signed by the CA in \(other.caCertificate.path)"), "\(result.stderr)")
            #expect(!result.stderr.contains("BoringSSL") && !result.stderr.contains("CERTIFICATE_VERIFY_FAILED"))
            let notPEM = try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", "t",
                                                       "--ca", #filePath, "--replica", cluster.directory.appendingPathComponent("r/x.sqlite").path])
            #expect(notPEM.status == 1 && notPEM.stderr.contains("is not a PEM certificate"), "\(notPEM.stderr)")
        }
    }

    @Test("a revoked token says what to do next, exit 77")
    func revokedToken() async throws {
        try await TestCluster.with { cluster in
            let env = ["DSO_REPLICA": cluster.directory.appendingPathComponent("cli/alice.sqlite").path]
            #expect(try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens["alice"]!,
                                                  "--ca", cluster.caFile], environment: env).status == 0)
            try cluster.store.revokeTokens(login: "alice")
            let sync = try await CommandRunner.run("dso", ["sync"], environment: env)
            #expect(sync.status == 77)
            #expect(sync.stderr.contains("ask the credit team for a new token, then run `dso init"), "\(sync.stderr)")
        }
    }
}

/// Retry notices seen by a test.
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var notices: [RetryNotice] = []
    func add(_ notice: RetryNotice) { lock.withLock { notices.append(notice) } }
    var count: Int { lock.withLock { notices.count } }
    var all: [RetryNotice] { lock.withLock { notices } }
}
