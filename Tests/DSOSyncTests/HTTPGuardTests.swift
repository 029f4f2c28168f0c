import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

/// What no HTTP client library sends: broken framing, trickled or missing bytes, too many
/// connections. None of it may get a 5xx (clients retry those forever) or hold a connection.
@Suite("HTTP framing and connection guards", .serialized)
struct HTTPGuardTests {
    static let fast = ConnectionLimits(handshakeTimeout: .seconds(1), idleTimeout: .seconds(3), bodyTimeout: .seconds(1), maxConnections: 64)

    func head(_ cluster: TestCluster, _ extra: String) -> String {
        "POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nDSO-Protocol-Version: 1\r\nAuthorization: Bearer \(cluster.tokens["alice"]!)\r\n"
            + "Content-Type: application/json\r\n\(extra)\r\n"
    }

    func status(_ answer: String) -> Int? {
        answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }

    @Test("broken framing gets 400 or 413 with a problem document, never 5xx")
    func framing() async throws {
        try await TestCluster.with { cluster in
            let big = Data(repeating: UInt8(ascii: " "), count: 5 << 20)
            var chunked = Data()
            var offset = 0
            while offset < big.count {
                let size = min(65536, big.count - offset)
                chunked.append(Data(String(size, radix: 16).utf8) + Data("\r\n".utf8) + big[offset..<offset + size] + Data("\r\n".utf8))
                offset += size
            }
            chunked.append(Data("0\r\n\r\n".utf8))
            let cases: [(String, Data, Int, String)] = [
                ("chunked body over the limit", Data(head(cluster, "Transfer-Encoding: chunked\r\n").utf8) + chunked, 413, "body_too_large"),
                ("unknown transfer coding", Data((head(cluster, "Transfer-Encoding: xchunked\r\n") + "5\r\nhello\r\n0\r\n\r\n").utf8), 400, "malformed_request"),
                ("bad chunk size", Data((head(cluster, "Transfer-Encoding: chunked\r\n") + "zz\r\nhello\r\n0\r\n\r\n").utf8), 400, "malformed_request"),
            ]
            for (name, bytes, expected, code) in cases {
                let connection = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
                try await connection.send(bytes)
                let answer = try await connection.read(timeout: .seconds(20)).text
                await connection.close()
                #expect(status(answer) == expected, "\(name): \(answer.prefix(200))")
                #expect(answer.contains("\"code\":\"\(code)\""), "\(name): \(answer.prefix(400))")
            }
            #expect(try cluster.store.counts()["qualifications"] == 0)
        }
    }

    @Test("a silent connection is closed after the handshake timeout, trickled headers after the idle timeout, a trickled body gets 408")
    func slowClients() async throws {
        try await TestCluster.with(connections: HTTPGuardTests.fast) { cluster in
            // Connects, never starts TLS.
            let silent = try await RawConnection(port: cluster.port, caFile: nil)
            let waited = try await silent.read(timeout: .seconds(15))
            #expect(waited.closed && waited.elapsed < .seconds(8), "closed: \(waited.closed) after \(waited.elapsed)")
            await silent.close()

            // TLS done, half a request head, then nothing.
            let trickle = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
            try await trickle.send("POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let cut = try await trickle.read(timeout: .seconds(15))
            #expect(cut.closed && cut.elapsed < .seconds(8), "closed: \(cut.closed) after \(cut.elapsed)")
            await trickle.close()

            // A whole head announcing 100 bytes, then 10.
            let slowBody = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
            try await slowBody.send(head(cluster, "Content-Length: 100\r\n") + "{\"replica")
            let answer = try await slowBody.read(timeout: .seconds(15))
            #expect(status(answer.text) == 408 && answer.text.contains("request_timeout"), "\(answer.text.prefix(300)) closed \(answer.closed) after \(answer.elapsed)")
            await slowBody.close()

            // A body trickled into a route that does not read it (here, with no token) keeps the
            // idle timer alive; the request deadline still closes the connection.
            let drip = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
            try await drip.send("POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nDSO-Protocol-Version: 1\r\n"
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let refused = try await drip.read(timeout: .seconds(5))
            #expect(status(refused.text) == 401, "\(refused.text.prefix(200))")
            let dripStart = ContinuousClock.now
            var cutAfter: Duration?
            for _ in 0..<30 {
                try await Task.sleep(for: .milliseconds(400))
                do { try await drip.send("1\r\nx\r\n") } catch { cutAfter = ContinuousClock.now - dripStart; break }
            }
            #expect(cutAfter.map { $0 < .seconds(8) } == true, "still open after \(ContinuousClock.now - dripStart)")
            await drip.close()

            // A long-poll is a request in progress: the idle timeout does not cut it.
            let client = try cluster.client("alice")
            let cursor = try await client.caughtUp()
            let start = ContinuousClock.now
            let idle = try await client.pull(after: cursor, limit: 10, wait: 3)
            #expect(idle.changes.isEmpty && ContinuousClock.now - start >= .seconds(2))
        }
    }

    @Test("beyond the connection cap, a new connection waits until one closes")
    func connectionCap() async throws {
        let limits = ConnectionLimits(handshakeTimeout: .seconds(30), idleTimeout: .seconds(30), bodyTimeout: .seconds(30), maxConnections: 2)
        try await TestCluster.with(connections: limits) { cluster in
            let first = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
            let second = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
            // Both are served.
            for connection in [first, second] {
                try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                #expect(try await connection.read(timeout: .seconds(10)).text.hasPrefix("HTTP/1.1 200"))
            }
            // A third one is not accepted while both stay open…
            let third = Task { () -> ContinuousClock.Instant? in
                let connection = try await RawConnection(port: cluster.port, caFile: cluster.caFile)
                try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let ok = try await connection.read(timeout: .seconds(20)).text.hasPrefix("HTTP/1.1 200")
                await connection.close()
                return ok ? ContinuousClock.now : nil
            }
            try await Task.sleep(for: .seconds(2))
            // …and is served once one of them closes.
            let released = ContinuousClock.now
            await first.close()
            let served = try #require(try await third.value)
            #expect(served > released, "the third connection was served while two were open")
            await second.close()
        }
    }

    @Test("hello names the server product and version")
    func helloServer() async throws {
        try await TestCluster.with { cluster in
            let hello = try await cluster.client("alice").hello()
            #expect(hello.server == "dso-server/\(Release.version)")
        }
    }
}
