import DSOModel
import DSOProtocol
@testable import DSOServer
@testable import DSOSync
import Foundation
import PostgresTestSupport
import Testing

/// Several `dso-server` processes on one PostgreSQL store (issue 11): replicas move between them,
/// long-polls wake across processes, and neither a server killed mid-push nor PostgreSQL stopped
/// for 10 s loses or doubles an acknowledged change.
@Suite("Several servers on one PostgreSQL store", .serialized, .enabled(if: TestPostgres.isInstalled))
struct ScaleOutTests {
    /// Qualifies `count` of the replica's open items (cycling through them) and returns the ids.
    func work(_ replica: Replica, count: Int, round: Int) throws -> [UUID] {
        let items = try replica.items().filter { !$0.item.isCleared }
        guard !items.isEmpty else { throw TestFailure("no open item") }
        return try (0..<count).map { index in
            let item = items[(round * count + index) % items.count]
            return try replica.qualify(items: [item.item.number], status: "contacted", comment: "round \(round)", followUp: .none).id
        }
    }

    /// Whether every id is on the server exactly once: one row and one logged change each.
    func everyFactOnce(_ ids: [UUID], in store: CentralStore) throws -> [String] {
        try store.backend.readNow { db in
            var problems: [String] = []
            for id in ids {
                let rows: Int = try db.value("SELECT count(*) FROM qualifications WHERE id = ?", id.text) ?? 0
                let logged: Int = try db.value("SELECT count(*) FROM changes WHERE kind = 'qualification.add' AND \(db.dialect.jsonText("payload", "id")) = ?",
                                               id.text) ?? 0
                if rows != 1 || logged != 1 { problems.append("\(id): \(rows) row(s), \(logged) logged change(s)") }
            }
            return problems
        }
    }

    @Test("a replica pushes to one server and pulls from another; a long-poll on one wakes when another commits; cursors and receipts hold on every server")
    func pushHerePullThere() async throws {
        try await ServerFleet.with(servers: 2, cluster: TestPostgres.shared.get()) { fleet in
            let (alice, aliceClient) = try await fleet.replica("alice", startingAt: 0)
            let (claire, _) = try await fleet.replica("claire", startingAt: 1)
            // Claire's long-poll is parked on server 1.
            let onB = try fleet.directClient("claire", server: 1)
            let head = try await onB.caughtUp()
            let poll = Task { try await onB.pull(after: head, limit: 100, wait: 30) }
            try await Task.sleep(for: .milliseconds(300))
            // Alice pushes through server 0.
            let written = try work(alice, count: 2, round: 0)
            let started = ContinuousClock.now
            let report = try await alice.sync(client: aliceClient, retry: quickRetry)
            #expect(report.accepted == 2)
            let page = try await poll.value
            #expect(started.duration(to: .now) < .seconds(5), "the long-poll on the other server woke at once")
            #expect(Set(page.changes.compactMap { if case .qualification(let q) = $0.body { q.id } else { nil } }) == Set(written))
            // Her retry through server 1 is answered from the receipts: nothing applied twice.
            let onBAsAlice = try fleet.directClient("alice", server: 1)
            let history = try alice.history(of: try #require(try alice.items().first { $0.current?.id == written[0] }).item.number)
            let again = try await onBAsAlice.push(PushRequest(replicaID: alice.id, changes: history.filter { $0.qualification.id == written[0] }
                .map { Change($0.qualification) }))
            #expect(again.results.map(\.outcome) == [.duplicate])
            // Her cursor, issued by server 0, is valid on server 1.
            let cursor = try #require(try await alice.pool.read { try Replica.meta("cursor", in: $0) })
            #expect(try await onBAsAlice.pull(after: cursor, limit: 10).changes.isEmpty)
            let claireClient = try fleet.client("claire", startingAt: 1).0
            try await claire.sync(client: claireClient, retry: quickRetry)
            let problems = try everyFactOnce(written, in: fleet.store)
            #expect(problems.isEmpty, "\(problems.prefix(5))")
        }
    }

    @Test("two server processes write at once and a live reader pages the log from both: it sees every change exactly once, in sequence order")
    func liveReaderAcrossProcesses() async throws {
        try await ServerFleet.with(servers: 2, cluster: TestPostgres.shared.get(), customers: 6) { fleet in
            let items = try fleet.store.itemStates().filter { !$0.item.isCleared }.map(\.item)
            let head = try fleet.store.headSequence()
            let reader = try fleet.directClient("claire", server: 0)
            var cursor = try await reader.caughtUp()
            let clock = HLCClock()
            // Four writers, two on each server, 15 change-sets of 10 qualifications each.
            let finished = Flag()
            let writers = Task {
                defer { finished.set() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<4 {
                        let client = try fleet.directClient("claire", server: index % 2)
                        let replica = UUIDv7.make()
                        group.addTask {
                            for round in 0..<15 {
                                let changes = (0..<10).map { n in
                                    let item = items[(index * 150 + round * 10 + n) % items.count]
                                    return Change(Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id],
                                                                statusCode: "contacted", comment: "writer \(index)", statusDate: TestCluster.asOf,
                                                                author: "claire", replicaID: replica, hlc: clock.now()))
                                }
                                let answer = try await client.push(PushRequest(replicaID: replica, changes: changes))
                                guard answer.results.allSatisfy({ $0.outcome == .accepted }) else { throw TestFailure("a change was refused") }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // The reader pages the log in pages of 7, from one server then the other, while they write.
            let readers = [reader, try fleet.directClient("claire", server: 1)]
            var seen: [Int64] = []
            var page = 0
            while true {
                let answer = try await readers[page % 2].pull(after: cursor, limit: 7)
                page += 1
                seen += answer.changes.map(\.seq)
                cursor = answer.next
                if !answer.more {
                    if finished.isSet { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await writers.value
            // A last page after the writers finished.
            while true {
                let answer = try await readers[0].pull(after: cursor, limit: 7)
                seen += answer.changes.map(\.seq)
                cursor = answer.next
                if !answer.more { break }
            }
            let logged = try fleet.store.backend.readNow { db in
                try db.values("SELECT seq FROM changes WHERE seq > ? ORDER BY seq", head, as: Int64.self)
            }
            #expect(logged.count == 600)
            #expect(seen == logged, "the reader saw \(seen.count) changes of \(logged.count)")
            #expect(page > 20, "the reader paged while the writers wrote")
        }
    }

    @Test("dso init with two servers (comma-separated); with the first one down, dso sync goes through the other; dso-server commands take --store")
    func cliFailover() async throws {
        try await ServerFleet.with(servers: 2, cluster: TestPostgres.shared.get(), customers: 4) { fleet in
            let env = ["DSO_REPLICA": fleet.directory.appendingPathComponent("cli/alice.sqlite").path]
            let servers = "\(fleet.url(0).absoluteString),\(fleet.url(1).absoluteString)"
            let attached = try await CommandRunner.run("dso", ["init", "--server", servers, "--token", fleet.tokens["alice"]!, "--ca", fleet.ca],
                                                       environment: env)
            #expect(attached.status == 0, "\(attached.stderr)")
            #expect(attached.stdout.contains("(and 1 other server(s) of the store) as alice"))
            let status = try await CommandRunner.run("dso", ["status"], environment: env)
            #expect(status.stdout.contains(fleet.url(1).absoluteString))
            let items = try await CommandRunner.run("dso", ["items", "--json"], environment: env)
            let number = try #require(try WireJSON.decoder().decode([ItemView].self, from: Data(items.stdout.utf8)).first).item.number
            #expect(try await CommandRunner.run("dso", ["qualify", number, "--status", "contacted", "--comment", "via B", "--no-follow-up"],
                                                environment: env).status == 0)
            fleet.servers[0].kill9()
            let sync = try await CommandRunner.run("dso", ["sync"], environment: env)
            #expect(sync.status == 0, "\(sync.stderr)")
            #expect(sync.stdout.contains("Pushed 1 change(s)"))
            // The admin side reads the same store with --store.
            let conflicts = try await CommandRunner.run("dso-server", ["user", "list", "--store", fleet.storeURL])
            #expect(conflicts.status == 0 && conflicts.stdout.contains("alice"), "\(conflicts.stderr)")
            let check = try await CommandRunner.run("dso-server", ["check", "--store", fleet.storeURL])
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            // A database no `dso-server migrate` prepared is refused, and nothing is created in it.
            let cluster = try TestPostgres.shared.get()
            let empty = try await cluster.createDatabase()
            let refused = try await CommandRunner.run("dso-server", ["user", "list", "--store", cluster.location(empty.database)])
            #expect(refused.status == 1 && refused.stderr.contains("dso-server migrate --store"), "\(refused.stderr)")
            let migrated = try await CommandRunner.run("dso-server", ["migrate", "--store", cluster.location(empty.database)])
            #expect(migrated.status == 0 && migrated.stdout.contains("Migrated the store"), "\(migrated.stderr)")
        }
    }

    @Test("kill -9 of one of three servers during pushes: every client finishes through the others, nothing lost or doubled")
    func serverKilledDuringPushes() async throws {
        try await ServerFleet.with(servers: 3, cluster: TestPostgres.shared.get()) { fleet in
            let logins = ["alice", "bruno", "chloe"]
            var members: [(Replica, SyncClient)] = []
            var transports: [FailoverTransport] = []
            for (index, login) in logins.enumerated() {
                let (replica, client, transport) = try await fleet.replicaWithTransport(login, startingAt: index)
                members.append((replica, client))
                transports.append(transport)
            }
            let rounds = 12
            let written = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for (replica, client) in members {
                    group.addTask {
                        var ids: [UUID] = []
                        for round in 0..<rounds {
                            ids += try self.work(replica, count: 3, round: round)
                            // A sync that fails now is finished by the next one: nothing is lost locally.
                            _ = try? await replica.sync(client: client, retry: quickRetry)
                        }
                        return ids
                    }
                }
                // Server 0 dies while the pushes go on.
                try await Task.sleep(for: .milliseconds(400))
                fleet.servers[0].kill9()
                var all: [UUID] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(written.count == logins.count * rounds * 3)
            // Alice started on the killed server: she finished on another.
            #expect(transports[0].currentServer != fleet.url(0))
            for (replica, client) in members {
                try await replica.sync(client: client, retry: quickRetry)
                #expect(try replica.status().pendingChanges == 0)
                #expect(try replica.status().rejectedChanges == 0)
            }
            let problems = try everyFactOnce(written, in: fleet.store)
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            let check = try fleet.store.check()
            #expect(check.isConsistent, "\(check.problems)")
        }
    }

    @Test("PostgreSQL stopped for 10 s: requests answer 503 store_unavailable with Retry-After, /readyz says so, and the syncs finish once it is back")
    func postgresStopped() async throws {
        try await TestPostgres.with { cluster in
            try await ServerFleet.with(servers: 2, cluster: cluster, customers: 4) { fleet in
                let (alice, aliceClient) = try await fleet.replica("alice", startingAt: 0)
                let (bruno, brunoClient) = try await fleet.replica("bruno", startingAt: 1)
                var written = try work(alice, count: 2, round: 0) + work(bruno, count: 2, round: 0)
                try await alice.sync(client: aliceClient, retry: quickRetry)
                try await bruno.sync(client: brunoClient, retry: quickRetry)

                try cluster.stop()
                let stopped = ContinuousClock.now
                // Work goes on offline; syncs fail with a retryable answer and keep it.
                written += try work(alice, count: 2, round: 1) + work(bruno, count: 2, round: 1)
                for index in 0..<2 {
                    let direct = try HTTPTransport(server: fleet.url(index), trustedCAFile: fleet.ca)
                    let pull = try await direct.send(TransportRequest(method: "GET", target: "/v1/changes?limit=10", headers: [
                        ("Authorization", "Bearer \(fleet.tokens["alice"]!)"), (ProtocolVersion.header, String(ProtocolVersion.current))]))
                    #expect(pull.status == 503)
                    #expect(pull.headers.contains { $0.0.lowercased() == "retry-after" })
                    #expect(String(decoding: pull.body, as: UTF8.self).contains("store_unavailable"))
                    let ready = try await direct.send(TransportRequest(method: "GET", target: "/readyz"))
                    #expect(ready.status == 503)
                    try await direct.shutdown()
                }
                await #expect(throws: SyncError.self) { try await alice.sync(client: aliceClient, retry: quickRetry) }
                #expect(try alice.status().pendingChanges == 2)

                let elapsed = stopped.duration(to: .now)
                if elapsed < .seconds(10) { try await Task.sleep(for: .seconds(10) - elapsed) }
                try cluster.start()
                // The servers connect again on their own: the next syncs go through.
                for (replica, client) in [(alice, aliceClient), (bruno, brunoClient)] {
                    try await replica.sync(client: client, retry: RetryPolicy(maxAttempts: 6, initialDelay: .milliseconds(200), maxDelay: .seconds(1)))
                    #expect(try replica.status().pendingChanges == 0)
                }
                let store = try CentralStore(postgres: fleet.location, poolSize: 1)
                let problems = try everyFactOnce(written, in: store)
                #expect(problems.isEmpty, "\(problems.prefix(5))")
                let check = try store.check()
                #expect(check.isConsistent, "\(check.problems)")
            }
        }
    }
}

/// A flag one task sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
