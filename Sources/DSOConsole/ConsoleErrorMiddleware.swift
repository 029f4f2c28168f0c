import DSOServer
import Hummingbird
import Logging

/// Turns what goes wrong under `/console` into an HTML page in the console's layout (the sync
/// API answers problem documents instead). A failure the page did not expect is logged and
/// shown as a 500 that says nothing of the internals.
struct ConsoleErrorMiddleware: RouterMiddleware {
    typealias Context = DSORequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ConsoleError {
            return page(error, context: context)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "There is no page at \(request.uri.path)." : (error.body ?? error.status.reasonPhrase)
            return page(ConsoleError(status: error.status, title: error.status.reasonPhrase, message: message), context: context)
        } catch {
            context.logger.error("console page failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return page(ConsoleError(status: .internalServerError, title: "Something failed",
                                     message: "The server could not show this page; nothing was changed. Try again, and tell your administrator if it goes on."),
                        context: context)
        }
    }

    private func page(_ error: ConsoleError, context: Context) -> Response {
        let content = Templates.render(ErrorView(message: error.message, signedIn: context.consoleSession != nil), "error")
        return Page(title: error.title, section: nil, session: context.consoleSession).response(content: content, status: error.status)
    }
}

struct ErrorView {
    var message: String
    var signedIn: Bool
}
