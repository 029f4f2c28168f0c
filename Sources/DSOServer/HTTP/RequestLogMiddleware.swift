import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: one log line per request when its answer is ready, with the request
/// id (also sent back as `X-Request-ID`, for a user to quote), the method, the path without its
/// query, the status, the time taken and the caller's login. Never a header, a query string or a
/// body: tokens and cursors stay out of the logs.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = DSORequestContext
    static let requestIDHeader = HTTPField.Name("X-Request-ID")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            response.headers[RequestLogMiddleware.requestIDHeader] = context.id
            log(request, context: context, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context: context, status: status, since: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: status >= 500 ? .error : .info, "request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "ms": .string(String(format: "%.1f", milliseconds)),
            "user": .string(context.caller.login ?? "-"),
        ])
    }
}
