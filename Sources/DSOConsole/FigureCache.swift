import Foundation

/// The figures the console computed (reports, the overview, the customer list), kept per
/// question until the store changes. A question asked again after a change is answered at once
/// with the figures it has, marked with their time, while fresh ones are computed in the
/// background (stale-while-revalidate): a page never waits for a whole-book report except the
/// very first time it is asked. At most ``limit`` questions are kept (least recently asked out).
actor FigureCache {
    struct Answer<Value: Sendable>: Sendable {
        var value: Value
        /// When the figures were computed.
        var computedAt: Date
        /// `false` while newer figures are being computed.
        var isCurrent: Bool

        /// What a page says of the figures' age.
        var note: String {
            "Computed at \(Format.time(computedAt))" + (isCurrent ? "." : "; newer figures are being computed.")
        }
    }

    private struct Entry {
        var value: any Sendable
        var version: String
        var computedAt: Date
        var refreshing: Bool
        var lastAsked: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    /// The figures for `key` at store `version`: kept ones when they are of that version;
    /// kept ones of an older version (and a refresh started) when there are some; else computed
    /// now.
    func value<Value: Sendable>(_ key: String, version: String,
                                compute: @escaping @Sendable () async throws -> Value) async throws -> Answer<Value> {
        clock += 1
        if var entry = entries[key], let value = entry.value as? Value {
            entry.lastAsked = clock
            if entry.version == version {
                entries[key] = entry
                return Answer(value: value, computedAt: entry.computedAt, isCurrent: true)
            }
            if !entry.refreshing {
                entry.refreshing = true
                Task.detached(priority: .utility) { [weak self] in
                    let started = Date()
                    let fresh = try? await compute()
                    await self?.store(key, value: fresh, version: version, computedAt: started)
                }
            }
            entries[key] = entry
            return Answer(value: value, computedAt: entry.computedAt, isCurrent: false)
        }
        let started = Date()
        let value = try await compute()
        store(key, value: value, version: version, computedAt: started)
        return Answer(value: value, computedAt: started, isCurrent: true)
    }

    private func store<Value: Sendable>(_ key: String, value: Value?, version: String, computedAt: Date) {
        guard let value else {
            entries[key]?.refreshing = false
            return
        }
        entries[key] = Entry(value: value, version: version, computedAt: computedAt, refreshing: false, lastAsked: entries[key]?.lastAsked ?? clock)
        if entries.count > limit, let oldest = entries.min(by: { $0.value.lastAsked < $1.value.lastAsked })?.key {
            entries[oldest] = nil
        }
    }
}
