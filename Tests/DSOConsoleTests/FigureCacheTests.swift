@testable import DSOConsole
import Foundation
import Testing

@Suite("Console: figures kept until the store changes")
struct FigureCacheTests {
    actor Counter {
        var calls = 0
        func next() -> Int { calls += 1; return calls }
    }

    @Test("same version: kept; new version: the kept figures at once, marked, then fresh ones")
    func staleWhileRevalidate() async throws {
        let cache = FigureCache(limit: 2)
        let counter = Counter()
        let first = try await cache.value("k", version: "1") { await counter.next() }
        #expect(first.value == 1 && first.isCurrent)
        let again = try await cache.value("k", version: "1") { await counter.next() }
        #expect(again.value == 1 && again.isCurrent)
        #expect(await counter.calls == 1)
        let stale = try await cache.value("k", version: "2") { await counter.next() }
        #expect(stale.value == 1 && !stale.isCurrent)
        var fresh = stale
        for _ in 0..<200 where fresh.value == 1 {
            try await Task.sleep(for: .milliseconds(10))
            fresh = try await cache.value("k", version: "2") { await counter.next() }
        }
        #expect(fresh.value == 2 && fresh.isCurrent)
        #expect(await counter.calls == 2)
    }

    @Test("at most `limit` questions are kept, the least recently asked leaves first")
    func bounded() async throws {
        let cache = FigureCache(limit: 2)
        let counter = Counter()
        _ = try await cache.value("a", version: "1") { await counter.next() }
        _ = try await cache.value("b", version: "1") { await counter.next() }
        _ = try await cache.value("a", version: "1") { await counter.next() }
        _ = try await cache.value("c", version: "1") { await counter.next() }
        #expect(await counter.calls == 3)
        _ = try await cache.value("a", version: "1") { await counter.next() }
        #expect(await counter.calls == 3, "a was asked recently: kept")
        _ = try await cache.value("b", version: "1") { await counter.next() }
        #expect(await counter.calls == 4, "b left first")
    }
}
