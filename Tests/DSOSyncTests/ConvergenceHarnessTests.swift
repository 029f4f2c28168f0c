import DSOModel
import Foundation
import PostgresTestSupport
import Testing

/// The convergence harness (issue 9, part 5): seeded random cases of field work, central imports,
/// reassignments, sync interleavings, network faults, offline stretches and server crashes,
/// checked after a final quiet round of syncs. A failing case prints its seed and a shrunk list
/// of steps.
///
/// CI runs `DSO_HARNESS_CASES` cases (default 24) of `DSO_HARNESS_STEPS` steps (default 60) from
/// `DSO_HARNESS_SEED` (default: a fixed seed, so CI is reproducible). The soak:
/// `DSO_HARNESS_CASES=2000 DSO_HARNESS_SEED=$RANDOM swift test --filter ConvergenceHarness`.
@Suite("Convergence harness", .serialized)
struct ConvergenceHarnessTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var cases: Int { environment["DSO_HARNESS_CASES"].flatMap(Int.init) ?? 24 }
    static var steps: Int { environment["DSO_HARNESS_STEPS"].flatMap(Int.init) ?? 60 }
    static var firstSeed: UInt64 { environment["DSO_HARNESS_SEED"].flatMap(UInt64.init) ?? 20261203 }

    /// One case: its replicas and steps, from its seed alone.
    struct Case {
        var seed: UInt64
        var replicas: Int
        var ops: [HarnessOp]

        init(seed: UInt64, steps: Int) {
            var rng = SeededRandom(seed: seed)
            self.seed = seed
            replicas = Int.random(in: 3...5, using: &rng)
            ops = HarnessOp.generate(count: steps, replicas: replicas, using: &rng)
        }
    }

    /// Runs the steps in a new world and returns the problems found (none: the case holds).
    static func run(seed: UInt64, replicas: Int, ops: [HarnessOp], engine: TestEngine = .sqlite) async throws -> (problems: [String], counts: [String: Int]) {
        let world = try await HarnessWorld(seed: seed, replicas: replicas, engine: engine)
        do {
            for op in ops { await world.run(op) }
            await world.settle()
            let problems = world.problems + (try world.check())
            var counts = world.counts
            for (table, n) in try world.store.counts() where ["qualifications", "action_events", "contact_edits", "conflicts"].contains(table) {
                counts["server " + table] = n
            }
            if ProcessInfo.processInfo.environment["DSO_HARNESS_DEBUG"] != nil {
                for r in try world.store.resolvedContacts() where !r.winners.isEmpty || !r.overridden.isEmpty {
                    print("contact \(r.contact.id) winners \(r.winners.mapValues { "\($0.author)@\($0.hlc) base \($0.base.map(String.init(describing:)) ?? "-")" }) overridden \(r.overridden.map { "\($0.field!.rawValue) \($0.author) base \($0.base.map(String.init(describing:)) ?? "-")" })")
                }
            }
            for entry in try world.store.conflicts() { counts["conflicts " + entry.conflict.kind.rawValue, default: 0] += 1 }
            await world.close()
            return (problems, counts)
        } catch {
            await world.close()
            throw error
        }
    }

    /// Removes chunks of steps while the case still fails (delta debugging), within a budget of runs.
    static func shrink(seed: UInt64, replicas: Int, ops: [HarnessOp], engine: TestEngine, budget: Int = 40) async -> [HarnessOp] {
        var current = ops
        var runs = 0
        var chunk = max(1, current.count / 2)
        while chunk >= 1 && runs < budget {
            var index = 0
            var removed = false
            while index < current.count && runs < budget {
                var candidate = current
                candidate.removeSubrange(index..<min(index + chunk, candidate.count))
                runs += 1
                if let result = try? await run(seed: seed, replicas: replicas, ops: candidate, engine: engine), !result.problems.isEmpty {
                    current = candidate
                    removed = true
                } else {
                    index += chunk
                }
            }
            if !removed { chunk /= 2 }
        }
        return current
    }

    /// On PostgreSQL (two servers of one store, crashes failing over) half as many cases.
    @Test("seeded random cases converge: same facts and derived state, nothing acknowledged lost or doubled, every conflict in the inbox",
          arguments: TestEngine.available)
    func randomCasesConverge(engine: TestEngine) async throws {
        let started = Date()
        var totals: [String: Int] = [:]
        let cases = engine == .postgres ? max(1, Self.cases / 2) : Self.cases
        for index in 0..<cases {
            let seed = Self.firstSeed &+ UInt64(index)
            let c = Case(seed: seed, steps: Self.steps)
            let (problems, counts) = try await Self.run(seed: seed, replicas: c.replicas, ops: c.ops, engine: engine)
            totals.merge(counts, uniquingKeysWith: +)
            if !problems.isEmpty {
                let shrunk = await Self.shrink(seed: seed, replicas: c.replicas, ops: c.ops, engine: engine)
                let steps = shrunk.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
                Issue.record("""
                    convergence case failed on \(engine): seed \(seed), \(c.replicas) replicas, \(c.ops.count) steps; \
                    rerun with DSO_HARNESS_SEED=\(seed) DSO_HARNESS_CASES=1
                    problems:
                    \(problems.prefix(20).map { "  - " + $0 }.joined(separator: "\n"))
                    shrunk to \(shrunk.count) steps:
                    \(steps)
                    """)
                return
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("convergence harness on \(engine): \(cases) cases × \(Self.steps) steps from seed \(Self.firstSeed) in \(String(format: "%.1f", seconds)) s; "
              + totals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    @Test("the generator is deterministic: the same seed gives the same case")
    func deterministic() {
        let a = Case(seed: 42, steps: 50), b = Case(seed: 42, steps: 50), c = Case(seed: 43, steps: 50)
        #expect(a.ops == b.ops && a.replicas == b.replicas)
        #expect(a.ops != c.ops)
        // Every kind of step is drawn over a few cases.
        let kinds = Set((0..<20).flatMap { Case(seed: UInt64($0), steps: 60).ops.map(\.kind) })
        #expect(kinds.count == 18)
    }
}
