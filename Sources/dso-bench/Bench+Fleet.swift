import DSOModel
import DSOProtocol
import DSOSync
import Foundation

extension Bench {
    /// The fleet benchmarks, against `dso-server serve` over HTTPS loopback with `replicas + 1`
    /// field devices in this process, each a collector with its own slice of the portfolio:
    /// push → visible latency with the others' long-polls parked, then fan-in waves.
    func fleet(store: String) async throws -> [Measurement] {
        let server = try await FleetServer.start(self, store: store, replicas: replicas)
        defer { server.stop() }
        let fleet = try server.logins.map { try VirtualReplica(login: $0, token: server.tokens[$0]!, server: server) }
        let pusher = try VirtualReplica(login: "claire", token: server.tokens["claire"]!, server: server)
        do {
            try await Bench.each(fleet, concurrency: 32) { try await $0.attach() }
            guard fleet.allSatisfy({ !$0.items.isEmpty }) else { throw BenchError("a fleet replica has no open item to qualify") }
            var rows = try await visibility(observer: fleet[0], parked: Array(fleet.dropFirst()), pusher: pusher)
            rows += try await fanIn(Array(fleet.dropFirst()), rss: { server.residentBytes() })
            for replica in fleet + [pusher] { await replica.shutdown() }
            return rows
        } catch {
            for replica in fleet + [pusher] { await replica.shutdown() }
            throw error
        }
    }

    /// Runs `body` on every element, at most `concurrency` at a time.
    static func each<T: Sendable>(_ items: [T], concurrency: Int, _ body: @escaping @Sendable (T) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, item) in items.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask { try await body(item) }
            }
            try await group.waitForAll()
        }
    }

    /// Time from sending a push (the manager qualifies an item of the observer's portfolio) to
    /// the observer's parked long-poll answering with it: first alone, then with every other
    /// replica's long-poll parked on the same server.
    func visibility(observer: VirtualReplica, parked: [VirtualReplica], pusher: VirtualReplica) async throws -> [Measurement] {
        func trials(_ count: Int) async throws -> [Double] {
            var times: [Double] = []
            for _ in 0..<count {
                let poll = Task { try await observer.pullToEmpty(wait: 20) }
                try await Task.sleep(for: .milliseconds(40))
                let start = ContinuousClock.now
                _ = try await pusher.client.push(pusher.outbox(1, on: asOf, of: observer.items))
                guard try await poll.value > 0 else { throw BenchError("the long-poll answered without the pushed change") }
                times.append(start.seconds(to: .now))
            }
            return times
        }
        let alone = try await trials(50)
        let errors = Counter()
        let parking = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in parked {
                    group.addTask {
                        while !Task.isCancelled {
                            do { try await replica.pullToEmpty(wait: 25) } catch { if !Task.isCancelled { errors.add() } }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .seconds(3))
        let crowded = try await trials(100)
        parking.cancel()
        _ = try? await parking.value
        let p95 = percentile(crowded, 0.95), base = percentile(alone, 0.95)
        return [Measurement(name: "\(label) push → visible, \(parked.count) other long-polls parked", value: p95 * 1000, unit: "ms p95",
                            baseline: "no other long-poll \((base * 1000).fixed(1)) ms p95", baselineValue: base * 1000,
                            target: "p95 < 10 ms", met: p95 < 0.010 && errors.value == 0,
                            detail: "p50 \((median(crowded) * 1000).fixed(1)) ms, \(errors.value) errors")]
    }

    /// Waves of every replica syncing at once (push 20, pull to empty), beside the same syncs
    /// one after another; the server's resident memory after each wave.
    func fanIn(_ fleet: [VirtualReplica], rss: () -> Int, name: String? = nil) async throws -> [Measurement] {
        func sync(_ replica: VirtualReplica) async throws -> Double {
            let start = ContinuousClock.now
            let answer = try await replica.client.push(replica.outbox(20, on: asOf))
            guard answer.results.allSatisfy({ $0.outcome == .accepted }) else { throw BenchError("a fan-in push was not accepted") }
            try await replica.pullToEmpty()
            return start.seconds(to: .now)
        }
        var sequential: [Double] = []
        for replica in fleet.prefix(100) { sequential.append(try await sync(replica)) }
        var times: [Double] = [], waves: [(p99: Double, seconds: Double, rss: Int)] = []
        let errors = Counter()
        let before = rss()
        for _ in 0..<fanInWaves {
            let start = ContinuousClock.now
            let wave = await withTaskGroup(of: Double?.self) { group in
                for replica in fleet { group.addTask { do { return try await sync(replica) } catch { errors.add(); return nil } } }
                return await group.reduce(into: [Double]()) { if let t = $1 { $0.append(t) } }
            }
            waves.append((percentile(wave, 0.99), start.seconds(to: .now), rss()))
            times += wave
        }
        let p99 = percentile(times, 0.99), peak = waves.map(\.rss).max() ?? 0
        let flat = (waves.last?.rss ?? 0) <= Int(Double(waves.first?.rss ?? 0) * 1.1)
        let perWave = waves.map { "\(($0.p99 * 1000).fixed(0)) ms/\(($0.seconds).fixed(1)) s/\($0.rss / 1_048_576) MiB" }.joined(separator: ", ")
        return [Measurement(name: name ?? "\(label) fan-in, \(fleet.count) replicas × \(fanInWaves) waves (push 20 + pull to empty)",
                            value: p99 * 1000, unit: "ms p99",
                            baseline: "one after another \((percentile(sequential, 0.99) * 1000).fixed(0)) ms p99",
                            baselineValue: percentile(sequential, 0.99) * 1000,
                            target: "p99 < 250 ms, 0 errors, RSS < 300 MB and flat",
                            met: p99 < 0.250 && errors.value == 0 && peak < 300_000_000 && flat,
                            detail: "\(errors.value) errors; RSS before \(before / 1_048_576) MiB; per wave p99/duration/RSS: \(perWave)")]
    }
}

/// A count shared by concurrent tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
