import DSOProtocol
import Hummingbird

/// Finds the user behind the bearer token; answers 401 for a missing, unknown or revoked token.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DSORequestContext
    let store: CentralStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw ProblemError.unauthenticated("send 'Authorization: Bearer <token>'; `dso-server user add` issues tokens")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ProblemError.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        guard let user = try await store.authenticate(token: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw ProblemError.unauthenticated("unknown or revoked token")
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}
