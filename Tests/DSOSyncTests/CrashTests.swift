import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import Testing

@Suite("Crashes", .serialized)
struct CrashTests {
    @Test("an acknowledged push survives kill -9 of the server")
    func serverKilled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FixtureGenerator(customers: 6, seed: 5, asOf: TestCluster.asOf).write(to: directory.appendingPathComponent("fixtures"))
        var tokens: [String: String] = [:]
        do {
            let store = try CentralStore(dataDirectory: data)
            for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"), (.items, "items.csv")] {
                #expect(try await store.importFile(kind, from: directory.appendingPathComponent("fixtures/\(file)"), mode: .stock).applied)
            }
            for login in ["alice", "claire"] { tokens[login] = try store.issueToken(login: login) }
        }

        let server = try ServerProcess(dataDirectory: data)
        let ca = data.appendingPathComponent("tls/ca.pem").path
        let url = URL(string: "https://127.0.0.1:\(server.port)")!
        let transport = try HTTPTransport(server: url, trustedCAFile: ca)
        let alice = try Replica(path: directory.appendingPathComponent("alice.sqlite").path)
        let client = SyncClient(transport: transport, token: tokens["alice"]!)
        try await alice.attach(server: url, token: tokens["alice"]!, caFile: ca, client: client)
        try await alice.sync(client: client, retry: quickRetry)
        var written: [UUID] = []
        for item in try alice.items().prefix(5) {
            written.append(try alice.qualify(items: [item.item.number], status: "contacted", comment: "Called", followUp: .none).id)
        }
        let report = try await alice.sync(client: client, retry: quickRetry)
        #expect(report.accepted == 5)
        server.kill9()
        try await transport.shutdown()

        // The acknowledged facts are in the store the killed server left behind...
        let restarted = try ServerProcess(dataDirectory: data)
        defer { restarted.stop() }
        let url2 = URL(string: "https://127.0.0.1:\(restarted.port)")!
        let transport2 = try HTTPTransport(server: url2, trustedCAFile: ca)
        // ...and a fresh manager replica pulls them from the restarted server.
        let claire = try Replica(path: directory.appendingPathComponent("claire.sqlite").path)
        let managerClient = SyncClient(transport: transport2, token: tokens["claire"]!)
        try await claire.attach(server: url2, token: tokens["claire"]!, caFile: ca, client: managerClient)
        try await claire.sync(client: managerClient, retry: quickRetry)
        for id in written {
            let item = try #require(try alice.history(of: alice.items().first { $0.current?.id == id }!.item.id.uuidString).first)
            #expect(try claire.history(of: item.qualification.itemIDs[0].uuidString).map(\.qualification.id) == [id])
        }
        // And alice's retry after the crash is answered as a duplicate, nothing applied twice.
        let again = try await SyncClient(transport: transport2, token: tokens["alice"]!).push(
            PushRequest(replicaID: alice.id, changes: try alice.history(of: try alice.items().first { $0.current?.id == written[0] }!.item.number)
                .map { Change($0.qualification) }))
        #expect(again.results.map(\.outcome) == [.duplicate])
        try await transport2.shutdown()
    }
}
