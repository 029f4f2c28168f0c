import DSOProtocol
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Outermost middleware: whatever goes wrong below becomes a problem document, never a crash
/// or an HTML page.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Methods each known path answers, to tell 405 from 404.
    var allowedMethods: [String: [String]] = [:]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProblemError {
            return ProblemError.response(for: error.problem, headers: error.extraHeaders)
        } catch let error as HTTPError {
            let problem: Problem
            switch error.status {
            case .notFound:
                if let allowed = allowedMethods[request.uri.path] {
                    let problem = Problem(code: .methodNotAllowed, status: 405, title: "Method not allowed",
                                          detail: "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)")
                    return ProblemError.response(for: problem, headers: [.allow: allowed.joined(separator: ", ")])
                }
                problem = Problem(code: .notFound, status: 404, title: "Not found", detail: "no route for \(request.method) \(request.uri.path)")
            case .methodNotAllowed:
                problem = Problem(code: .methodNotAllowed, status: 405, title: "Method not allowed", detail: "\(request.method) is not allowed on \(request.uri.path)")
            case .contentTooLarge:
                problem = Problem(code: .bodyTooLarge, status: 413, title: "Request body too large", detail: error.body)
            default:
                problem = Problem(code: error.status.code < 500 ? .invalidRequest : .internalError, status: error.status.code,
                                  title: error.status.reasonPhrase, detail: error.body)
            }
            return ProblemError.response(for: problem, headers: error.headers)
        } catch let error as StoreUnavailable {
            // PostgreSQL down or restarting: nothing was changed; the client retries later.
            context.logger.warning("store unavailable", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return ProblemError.response(for: Problem(code: .storeUnavailable, status: 503, title: "Store unavailable",
                                                      detail: "the central store does not answer; nothing was changed; retry in a few seconds"),
                                         headers: [.retryAfter: "5"])
        } catch is NIOTooManyBytesError {
            return ProblemError.response(for: Problem(code: .bodyTooLarge, status: 413, title: "Request body too large",
                                                      detail: "the body is larger than this server accepts; split the change-set"))
        } catch let error as HTTPParserError {
            let framing = BodyCoding.malformedFraming(error)
            return ProblemError.response(for: framing.problem, headers: framing.extraHeaders)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return ProblemError.response(for: Problem(code: .internalError, status: 500, title: "Internal server error",
                                                      detail: "the server failed; nothing was changed"))
        }
    }
}
