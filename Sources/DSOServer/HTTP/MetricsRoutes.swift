import Hummingbird
import NIOCore

/// `GET /metrics`: the Prometheus text exposition of ``ServerMetrics``. On the sync port it
/// needs an admin's bearer token (`authorization: {credentials_file: …}` in a Prometheus
/// scrape job); `dso-server serve --metrics-port` also serves it, without a token, on a port of
/// 127.0.0.1 only.
struct MetricsRoutes {
    let store: CentralStore
    let metrics: ServerMetrics

    /// On the sync port, behind a bearer token of an admin.
    func register(on router: Router<DSORequestContext>) {
        router.group("metrics")
            .add(middleware: AuthMiddleware(store: store))
            .get { _, context in
                let user = try context.requireUser()
                guard user.role == .admin else {
                    throw ProblemError(.forbidden, 403, "Forbidden", "metrics are for admins; scrape with an admin's token or use --metrics-port")
                }
                return exposition()
            }
    }

    /// On the local metrics port, without a token.
    func registerOpen(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in exposition() }
    }

    func exposition() -> Response {
        let bytes = metrics.exposition(storeBytes: store.sizeOnDisk())
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
