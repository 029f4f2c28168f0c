import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import GRDB

extension Bench {
    /// Changes per change-set (what a replica pushes at a time after a day offline).
    static let changeSet = 100

    /// Push ingest, in process: `pushChanges` qualifications and logged calls (half each, each on
    /// an open item of its customer), in change-sets of 100, by 1 pusher, then by 4 concurrent
    /// pushers, each on its own copy of the store; beside raw SQLite inserts of the same payloads
    /// in transactions of the same size, with the same synchronous mode (FULL, WAL).
    func pushIngest(store source: String) async throws -> [Measurement] {
        let items = try CentralStore(path: source).itemStates().filter { !$0.item.isCleared }.map(\.item)
        guard !items.isEmpty else { throw BenchError("no open item to qualify") }
        var rows: [Measurement] = []
        let baseline = try rawInserts(changes(for: items, pushers: 1)[0])
        var rates: [Int: Double] = [:]
        for pushers in [1, 4] {
            let copy = path("push-\(pushers).sqlite")
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            try DatabaseQueue(path: source).backup(to: DatabaseQueue(path: copy))
            let store = try CentralStore(path: copy)
            let sets = changes(for: items, pushers: pushers)
            let start = ContinuousClock.now
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, mine) in sets.enumerated() {
                    group.addTask {
                        let user = User(login: "pusher\(index)", role: .manager)
                        var accepted = 0
                        for set in mine {
                            let answer = try await store.push(PushRequest(replicaID: set.replica, changes: set.changes), by: user)
                            accepted += answer.results.filter { $0.outcome == .accepted }.count
                        }
                        return accepted
                    }
                }
                return try await group.reduce(0, +)
            }
            let seconds = start.seconds(to: .now)
            guard accepted == pushChanges else { throw BenchError("\(pushChanges - accepted) pushed changes were not accepted") }
            rates[pushers] = Double(accepted) / seconds
            rows.append(Measurement(name: "\(label) push ingest, \(pushers) pusher\(pushers == 1 ? "" : "s") (\(accepted) changes)",
                                    value: Double(accepted) / seconds, unit: "changes/s",
                                    baseline: "raw inserts \(Int(baseline)) rows/s", baselineValue: nil,
                                    target: "≥ 100k changes/s, ≥ 1/3 of raw" + (pushers == 4 ? ", ≥ 1 pusher" : ""),
                                    met: Double(accepted) / seconds >= 100_000 && Double(accepted) / seconds >= baseline / 3
                                        && (pushers == 1 || rates[4]! >= rates[1]!),
                                    detail: "\((Double(accepted) / seconds / baseline * 100).fixed(0)) % of raw"))
        }
        return rows
    }

    struct ChangeSet: Sendable {
        var replica: UUID
        var changes: [Change]
    }

    /// The change-sets of each pusher: qualifications and calls logged as done, alternately.
    func changes(for items: [OpenItem], pushers: Int) -> [[ChangeSet]] {
        let clock = HLCClock()
        var all: [Change] = []
        for n in 0..<pushChanges {
            let item = items[n % items.count], pusher = "pusher\(n % pushers)"
            let replica = UUID(uuidString: "00000000-0000-7000-8000-\(String(format: "%012d", n % pushers))")!
            if n % 2 == 0 {
                all.append(Change(Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted",
                                                comment: "called, invoice received", statusDate: asOf, author: pusher, replicaID: replica,
                                                hlc: clock.now())))
            } else {
                let id = UUIDv7.make()
                all.append(Change(ActionEvent(id: id, actionID: id, customerID: item.customerID, kind: .created, date: asOf,
                                              actionKind: .specific, channel: .call, itemIDs: [item.id], outcome: .reached,
                                              note: "spoke to accounts payable", author: pusher, replicaID: replica, hlc: clock.now())))
            }
        }
        return (0..<pushers).map { p in
            let mine = all.enumerated().filter { $0.offset % pushers == p }.map(\.element)
            let replica = UUID(uuidString: "00000000-0000-7000-8000-\(String(format: "%012d", p))")!
            return stride(from: 0, to: mine.count, by: Bench.changeSet).map {
                ChangeSet(replica: replica, changes: Array(mine[$0..<min(mine.count, $0 + Bench.changeSet)]))
            }
        }
    }

    /// Rows per second inserting each change's id, customer and payload in transactions of
    /// ``changeSet`` rows (WAL, synchronous FULL).
    func rawInserts(_ sets: [ChangeSet]) throws -> Double {
        let file = path("raw.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: file, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE facts(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, payload TEXT NOT NULL)")
            try db.execute(sql: "CREATE INDEX facts_customer ON facts(customer_id, id)")
        }
        let payloads = try sets.map { try $0.changes.map { ($0.id.uuidString, $0.body.customerID!.uuidString, try $0.body.payloadJSON()) } }
        let start = ContinuousClock.now
        for set in payloads {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO facts(id, customer_id, payload) VALUES (?, ?, ?)")
                for (id, customer, payload) in set { try insert.execute(arguments: [id, customer, payload]) }
            }
        }
        return Double(payloads.reduce(0) { $0 + $1.count }) / start.seconds(to: .now)
    }

    /// Replica.qualify on the manager's replica, in process: p50 over 200 calls.
    func libraryQualify(replica source: String) throws -> Measurement {
        let copy = path("qualify.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        try DatabaseQueue(path: source).backup(to: DatabaseQueue(path: copy))
        let replica = try Replica(path: copy, create: false)
        let numbers = try replica.items(today: asOf, limit: 200).map(\.item.number)
        var times: [Double] = []
        for number in numbers {
            let start = ContinuousClock.now
            _ = try replica.qualify(items: [number], status: "contacted", comment: "benchmark call")
            times.append(start.seconds(to: .now))
        }
        let p50 = median(times)
        return Measurement(name: "\(label) Replica.qualify (library call, manager replica)", value: p50 * 1000, unit: "ms",
                           baseline: nil, baselineValue: nil, target: "< 1 ms p50", met: p50 < 0.001,
                           detail: "p95 \((percentile(times, 0.95) * 1000).fixed(2)) ms")
    }
}

extension ContinuousClock.Instant {
    func seconds(to end: ContinuousClock.Instant) -> Double {
        let d = duration(to: end)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
