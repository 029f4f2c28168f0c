import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport

/// One convergence case, for real: a `dso-server serve` process on a store of sample data, a
/// fault-injecting proxy in front of it, and 3–5 replicas (collectors, a manager, one collector
/// on two devices) syncing through the proxy over HTTPS. On PostgreSQL a second server of the
/// same store stands by: a crash of the serving one moves the proxy to it (replicas carry on
/// with the cursors and receipts the other issued) and a new standby starts. Steps run in order; what the rules
/// refuse locally is skipped (that is the product working), network failures leave the work for
/// a later sync, anything else is a problem.
final class HarnessWorld: @unchecked Sendable {
    struct Member {
        var login: String
        var replica: Replica
        var path: String
        var transport: HTTPTransport
        var recorder: RecordingTransport
        var client: SyncClient
        var offline = false
    }

    static let collectors = ["alice", "bruno", "chloe"]
    static let devices = ["alice", "bruno", "claire", "chloe", "alice"]

    let directory: URL
    let data: URL
    let store: CentralStore
    let proxy: FaultProxy
    private(set) var server: ServerProcess
    /// The other server of a PostgreSQL store (`nil` on SQLite).
    private(set) var standby: ServerProcess?
    /// The PostgreSQL store's URL (`nil` on SQLite).
    let storeURL: String?
    private(set) var members: [Member] = []
    let ca: String
    /// Problems found while running (unexpected errors); checks add theirs.
    private(set) var problems: [String] = []
    /// What the steps did, for the record: local refusals, failed syncs, restarts.
    private(set) var counts: [String: Int] = [:]

    init(seed: UInt64, replicas: Int, engine: TestEngine = .sqlite) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-harness-\(seed)-\(UUID().uuidString.prefix(8))")
        data = directory.appendingPathComponent("data")
        let fixtures = directory.appendingPathComponent("fixtures")
        try FixtureGenerator(customers: 8, seed: seed % 1000 + 1, asOf: .today()).write(to: fixtures)
        if engine == .postgres {
            let cluster = try TestPostgres.shared.get()
            let location = try await cluster.createDatabase()
            storeURL = cluster.location(location.database)
            store = try CentralStore(postgres: location, poolSize: 2)
        } else {
            storeURL = nil
            store = try CentralStore(dataDirectory: data)
        }
        for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                             (.contacts, "contacts.csv"), (.items, "items.csv")] {
            let report = try await store.importFile(kind, from: fixtures.appendingPathComponent(file), mode: .stock)
            guard report.applied else { throw TestFailure("fixture import of \(file) failed: \(report.rejected)") }
        }
        // Half the cases refuse any work done after a customer moved away (no grace).
        if seed % 2 == 0 { _ = try await store.updateSettings { $0.reassignmentGraceDays = 0 } }
        // One CA for every server of the store, made before they start.
        try LocalCertificateAuthority(dataDirectory: data).ensure()
        server = try ServerProcess(dataDirectory: data, store: storeURL)
        if storeURL != nil { standby = try ServerProcess(dataDirectory: data, store: storeURL) }
        proxy = try await FaultProxy(upstreamPort: server.port)
        ca = data.appendingPathComponent("tls/ca.pem").path
        let url = URL(string: "https://127.0.0.1:\(proxy.port)")!
        for (index, login) in HarnessWorld.devices.prefix(replicas).enumerated() {
            let token = try store.issueToken(login: login)
            let transport = try HTTPTransport(server: url, trustedCAFile: ca, timeout: .seconds(10), connectTimeout: .seconds(2))
            let recorder = RecordingTransport(wrapping: transport)
            let client = SyncClient(transport: recorder, token: token, answerMargin: .seconds(10))
            let path = directory.appendingPathComponent("replicas/\(index)-\(login).sqlite").path
            let replica = try Replica(path: path)
            try await replica.attach(server: url, token: token, caFile: ca, client: client)
            try await replica.sync(client: client, retry: quickRetry)
            members.append(Member(login: login, replica: replica, path: path, transport: transport, recorder: recorder, client: client))
        }
    }

    func close() async {
        await proxy.stop()
        for member in members { try? await member.transport.shutdown() }
        server.stop()
        standby?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func count(_ what: String) { counts[what, default: 0] += 1 }

    func problem(_ text: String) { problems.append(text) }

    /// Runs one step.
    func run(_ op: HarnessOp) async {
        do {
            try await perform(op)
            count(op.kind)
        } catch let error as ReplicaError {
            if case .corrupt = error { problem("\(op): \(error)") } else { count("refused locally") }
        } catch let error as SyncError where error.isNetwork {
            count("sync failed")
        } catch is UserError {
            count("refused by the credit team's command")
        } catch {
            problem("\(op): unexpected \(type(of: error)): \(error)")
        }
    }

    private func member(_ index: Int) -> Member { members[index % members.count] }

    private func perform(_ op: HarnessOp) async throws {
        let today = BusinessDate.today()
        switch op {
        case .qualify(let r, let pick, let status):
            let m = member(r)
            let items = try m.replica.items()
            guard !items.isEmpty else { return }
            // A few items draw most of the work, so that people meet on them.
            let item = items[pick % (pick % 2 == 0 ? min(4, items.count) : items.count)].item
            let codes = ["contacted", "payment_announced", "invoice_not_received", "reminder_sent", "contacted", "payment_announced",
                         "contacted", "reminder_sent"]
            try m.replica.qualify(items: [item.id.uuidString], status: codes[status % codes.count], comment: "step \(pick)",
                                  followUp: pick % 3 == 0 ? .none : .standard)
        case .act(let r, let pick):
            let m = member(r)
            let customers = try m.replica.customers()
            guard !customers.isEmpty else { return }
            try m.replica.logAction(customerCode: customers[pick % customers.count].customer.code, channel: .call, outcome: .reached,
                                    note: "call \(pick)")
        case .plan(let r, let pick, let days):
            let m = member(r)
            let items = try m.replica.items()
            guard !items.isEmpty else { return }
            let item = items[pick % items.count]
            try m.replica.planAction(customerCode: item.customerCode, channel: .visit, date: today.adding(days: days),
                                     items: [item.item.id.uuidString])
        case .reschedule(let r, let pick, let days):
            let m = member(r)
            let planned = try m.replica.actions().filter { $0.state == .planned }
            guard !planned.isEmpty else { return }
            try m.replica.rescheduleAction(planned[pick % planned.count].id.uuidString, to: today.adding(days: days))
        case .complete(let r, let pick):
            let m = member(r)
            let planned = try m.replica.actions().filter { $0.state == .planned }
            guard !planned.isEmpty else { return }
            try m.replica.completeAction(planned[pick % planned.count].id.uuidString, outcome: .reached, note: "done \(pick)")
        case .promise(let r, let pick, let days):
            let m = member(r)
            let items = try m.replica.items()
            guard !items.isEmpty else { return }
            try m.replica.promise(items: [items[pick % items.count].item.id.uuidString], date: today.adding(days: days), comment: "promised")
        case .openDispute(let r, let pick):
            let m = member(r)
            let items = try m.replica.items()
            guard !items.isEmpty else { return }
            try m.replica.openDispute(items: [items[pick % items.count].item.id.uuidString], status: "price_dispute",
                                      resolver: "sales.north", comment: "Price is wrong")
        case .closeDispute(let r, let pick):
            let m = member(r)
            let open = try m.replica.disputes().filter(\.isOpen)
            guard !open.isEmpty else { return }
            try m.replica.closeDispute(open[pick % open.count].id.uuidString)
        case .editContact(let r, let pick, let field, let value):
            let m = member(r)
            let customers = try m.replica.customers()
            guard !customers.isEmpty else { return }
            // Mostly the first contact of the first customers: people meet on them.
            let contacts = try m.replica.contacts(customerCode: customers[pick % 4 == 0 ? pick % customers.count : 0].customer.code)
            guard !contacts.isEmpty else { return }
            let contact = contacts[pick % 4 == 1 ? (pick / 7) % contacts.count : 0].contact
            let change: [ContactField: String?] = switch field % 3 {
            case 0: [.phone: "+33 1 00 00 00 \(String(format: "%02d", value))"]
            case 1: [.email: "contact\(value)@example.com"]
            default: [.notes: "note \(value)"]
            }
            try m.replica.editContact(contact.id.uuidString, set: change)
        case .resolveConflict(let r, let pick, let keepMine):
            let m = member(r)
            let open = try m.replica.conflicts(openOnly: true)
            guard !open.isEmpty else { return }
            let entry = open[pick % open.count]
            let decision: ConflictResolution.Decision = keepMine && entry.conflict.kind != .refused ? .keepMine : .dismiss
            try m.replica.resolveConflict(entry.id.uuidString, decision: decision, comment: "step \(pick)")
        case .reassign(let pick, let collector):
            let customers = try store.customers().sorted { $0.code < $1.code }
            guard !customers.isEmpty else { return }
            _ = try await store.assign(customerCode: customers[pick % customers.count].code,
                                       to: HarnessWorld.collectors[collector % HarnessWorld.collectors.count])
        case .clearItem(let pick):
            try await pay(pick: pick, percent: 100)
        case .payment(let pick, let percent):
            try await pay(pick: pick, percent: percent)
        case .decideRefused(let pick, let accept):
            let open = try store.conflicts(ConflictFilter(openOnly: true)).filter { $0.conflict.kind == .refused }
            guard !open.isEmpty else { return }
            let entry = open[pick % open.count]
            _ = try await store.resolveConflict(entry.id.uuidString, decision: accept && entry.conflict.isAcceptable ? .accept : .dismiss,
                                                comment: "credit team", by: "claire")
        case .sync(let r):
            let m = member(r)
            guard !m.offline else { return }
            try await m.replica.sync(client: m.client, retry: quickRetry, pageSize: 50)
            count("syncs")
        case .offline(let r, let off):
            members[r % members.count].offline = off
        case .fault(let fault):
            proxy.arm(fault)
        case .restartServer:
            server.kill9()
            proxy.dropConnections()
            if let standby {
                // Fail-over: the other server of the store takes over; a new standby starts.
                server = standby
                proxy.setUpstream(port: server.port)
                self.standby = try ServerProcess(dataDirectory: data, store: storeURL)
                count("server fail-overs")
            } else {
                server = try ServerProcess(dataDirectory: data)
                proxy.setUpstream(port: server.port)
                count("server restarts")
            }
        }
    }

    /// Imports a payment of `percent` of an open item (100: the item clears).
    private func pay(pick: Int, percent: Int) async throws {
        let open = try store.itemStates().map(\.item).filter { !$0.isCleared && $0.openAmount.minor > 0 }.sorted { $0.id.uuidString < $1.id.uuidString }
        guard !open.isEmpty else { return }
        let item = open[pick % open.count]
        guard let customer = try store.customers().first(where: { $0.id == item.customerID }) else { return }
        let minor = percent >= 100 ? item.openAmount.minor : max(1, item.openAmount.minor * Int64(percent) / 100)
        let amount = Money(minor: minor, currency: item.openAmount.currency).decimalString
        let file = directory.appendingPathComponent("payment-\(UUID().uuidString.prefix(8)).csv")
        try "customer,item,date,amount,reference\n\(customer.code),\(item.number),\(BusinessDate.today()),\(amount),\(UUID().uuidString)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let report = try await store.importFile(.payments, from: file)
        if !report.applied { problem("payment import refused: \(report.rejected)") }
    }

    /// The quiet end of a case: no faults, everyone online, rounds of syncs until nothing moves.
    func settle() async {
        proxy.disarm()
        for index in members.indices { members[index].offline = false }
        for round in 0..<3 {
            for m in members {
                do {
                    try await m.replica.sync(client: m.client, retry: quickRetry, pageSize: 50)
                } catch {
                    if round == 2 { problem("final sync of \(m.login) failed: \(error)") }
                }
            }
        }
    }
}

extension SyncError {
    /// A failure of the network or of a server restarting (the work waits for the next sync).
    var isNetwork: Bool {
        switch self {
        case .transport, .unreachable: true
        case .badResponse(let status, _): status >= 500
        case .problem(let p): p.status >= 500
        default: false
        }
    }
}
