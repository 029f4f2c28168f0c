import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The server's metrics in the Prometheus text format (`GET /metrics`).
///
/// Every measurement goes through swift-metrics (Hummingbird's `MetricsMiddleware` for requests
/// by route and status and their latency, ``ServerMetric`` for the sync-specific ones); this type
/// installs the Prometheus backend once per process and renders its registry.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    private init() {
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// The process's metrics, bootstrapping swift-metrics with the Prometheus backend on first
    /// use. A program that bootstraps swift-metrics itself must not call this (swift-metrics
    /// accepts one bootstrap per process).
    public static let shared = ServerMetrics()

    /// The registry in the text exposition format, after refreshing the gauges read on demand.
    public func exposition(storeBytes: Int64) -> [UInt8] {
        Gauge(label: "dso_store_bytes").record(storeBytes)
        return registry.emitToBuffer()
    }
}

/// The sync-specific measurements, recorded through swift-metrics (a no-op until a backend is
/// bootstrapped, as in library use).
enum ServerMetric {
    /// Answers to pushed changes, by outcome and, for rejections, by code.
    static func changes(_ results: [ChangeResultSummary]) {
        var counts: [ChangeResultSummary: Int64] = [:]
        for result in results { counts[result, default: 0] += 1 }
        for (key, count) in counts {
            Counter(label: "dso_changes_total", dimensions: [("outcome", key.outcome), ("code", key.code ?? "")]).increment(by: count)
        }
    }

    /// A pull page served: `log` (a page of the change log) or `snapshot` (a first download's
    /// page, or a version 2 snapshot file).
    static func pullPage(_ kind: String) {
        Counter(label: "dso_pull_pages_total", dimensions: [("kind", kind)]).increment()
    }

    /// Long-polls waiting for news right now: `+1` when one parks, `-1` when it wakes. (Made
    /// on each use, so that it reaches a backend bootstrapped after this type was first used.)
    static func parkedLongPolls(_ delta: Int) {
        let meter = Meter(label: "dso_long_polls_parked")
        if delta > 0 { meter.increment(by: Double(delta)) } else { meter.decrement(by: Double(-delta)) }
    }

    /// Rows of an import, by kind and whether they were applied or the import was refused.
    static func importRows(kind: String, applied: Bool, rows: Int) {
        Counter(label: "dso_import_rows_total", dimensions: [("kind", kind), ("outcome", applied ? "applied" : "refused")])
            .increment(by: Int64(rows))
    }
}

/// The labels of one answer to a pushed change.
struct ChangeResultSummary: Hashable {
    var outcome: String
    var code: String?
}
