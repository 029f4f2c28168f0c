import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

/// A transport whose pull answers carry the server's clock shifted by `shift` seconds: a device
/// whose clock is wrong, seen from the device.
struct ShiftedClockTransport: SyncTransport {
    let inner: any SyncTransport
    let shift: TimeInterval

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        var response = try await inner.send(request)
        if request.target.hasPrefix("/v1/changes"), response.status == 200 {
            var page = try WireJSON.decoder().decode(PullResponse.self, from: response.body)
            page.serverTime = page.serverTime.addingTimeInterval(shift)
            response.body = try WireJSON.encoder().encode(page)
        }
        return response
    }
}

@Suite("Device clock", .serialized)
struct ClockWarningTests {
    @Test("dso status warns when the device clock is more than 2 minutes off the server's, not when it is close")
    func warnsBeyondTwoMinutes() async throws {
        try await TestCluster.with { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let offset = try #require(try alice.status().clockOffset)
            let close = try alice.status().clockIsOff
            #expect(abs(offset) < 5 && !close)
            let path = cluster.directory.appendingPathComponent("replicas/alice.sqlite").path
            #expect(!(try await CommandRunner.run("dso", ["status", "--replica", path]).stdout.contains("Clock:")))

            // The server's answers say it is 5 minutes earlier than this device thinks.
            let skewed = SyncClient(transport: ShiftedClockTransport(inner: try cluster.transport(), shift: -300),
                                    token: cluster.tokens["alice"]!)
            let report = try await alice.sync(client: skewed, retry: quickRetry)
            #expect(report.clockOffset.map { abs($0 - 300) < 5 } == true)
            #expect(try alice.status().clockIsOff)
            let status = try await CommandRunner.run("dso", ["status", "--replica", path])
            #expect(status.status == 0)
            #expect(status.stdout.contains("Clock:     this device is 5 min ahead of the server (at the last sync)"), "\(status.stdout)")
            let json = try await CommandRunner.run("dso", ["status", "--json", "--replica", path])
            #expect(json.stdout.contains("\"clockOffset\""))
        }
    }
}
