import DSOServer
import Foundation
import Hummingbird

/// Finds the signed-in session behind the `dso_session` cookie, read again from the store on
/// every request (a revoked token or a changed role takes effect at once). Without one, a page
/// asks to sign in and comes back after; a form is refused.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = DSORequestContext
    let store: CentralStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let cookie = request.cookies[ConsoleCookies.session]?.value,
           let session = try await store.consoleSession(cookie: cookie) {
            var context = context
            context.consoleSession = session
            context.user = session.user
            return try await next(request, context)
        }
        guard request.method == .get || request.method == .head else {
            throw ConsoleError(status: .unauthorized, title: "Signed out",
                               message: "Your session has ended, so nothing was changed. Sign in again and send the form once more.")
        }
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        return Response.redirect(to: "/console/sign-in?next=" + SafeRedirect.encode(target), type: .normal)
    }
}
