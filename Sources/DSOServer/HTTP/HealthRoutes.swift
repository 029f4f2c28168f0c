import Hummingbird
import NIOCore

/// Probes for load balancers and orchestrators, outside the versioned API and without a token:
/// `/healthz` answers while the process runs; `/readyz` only when the store answers and its
/// schema is current (``CentralStore/readiness()``), 503 otherwise.
struct HealthRoutes {
    let store: CentralStore

    func register(on router: Router<DSORequestContext>) {
        router.get("health") { _, _ in HealthRoutes.status("ok") }
        router.get("healthz") { _, _ in HealthRoutes.status("ok") }
        router.get("readyz") { _, _ in
            let readiness = await store.readiness()
            guard let problem = readiness.problem else { return HealthRoutes.status("ready") }
            throw ProblemError(.storeUnavailable, 503, "Store unavailable", problem, headers: [.retryAfter: "5"])
        }
    }

    static func status(_ value: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"\(value)\"}")))
    }
}
