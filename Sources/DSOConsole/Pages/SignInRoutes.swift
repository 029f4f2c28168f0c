import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/sign-in`, `POST /console/sign-in` and `POST /console/sign-out`: a bearer
/// token (the one `dso-server user add` printed) is exchanged for a session cookie.
struct SignInRoutes {
    let store: CentralStore

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("sign-in") { request, context in
            let next = SafeRedirect.target(request.uri.queryParameters["next"].map(String.init))
            // Already signed in (a second tab, the back button): straight on.
            if let cookie = request.cookies[ConsoleCookies.session]?.value, try await store.consoleSession(cookie: cookie) != nil {
                return Response.redirect(to: next, type: .normal)
            }
            return form(next: next, error: nil)
        }
        group.post("sign-in") { request, context in
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            let fields = try ConsoleForm.parse(String(buffer: buffer))
            let next = SafeRedirect.target(fields["next"])
            guard let expected = request.cookies[ConsoleCookies.signIn]?.value, let sent = fields["csrf"],
                  ConsoleForm.constantTimeEqual(expected, sent) else {
                return form(next: next, error: "The sign-in form had expired. Paste your token again.", status: .forbidden)
            }
            let token = fields["token"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !token.isEmpty else { return form(next: next, error: "Paste your token: `dso-server user add` printed it.", status: .badRequest) }
            guard let (cookie, session) = try await store.openConsoleSession(token: token) else {
                return form(next: next, error: "This token is unknown or was revoked. Ask an administrator for a new one.", status: .unauthorized)
            }
            guard session.user.role != .resolver else {
                try await store.closeConsoleSession(cookie: cookie)
                return form(next: next, error: "The console is for collectors, managers and administrators; resolvers answer disputes from their replica.",
                            status: .forbidden)
            }
            try await store.recordAudit(login: session.user.login, action: "sign-in", detail: "role \(session.user.role.rawValue)")
            var response = Response.redirect(to: next, type: .normal)
            response.setCookie(ConsoleCookies.make(ConsoleCookies.session, value: cookie,
                                                   maxAge: Int(CentralStore.consoleSessionLifetime)))
            response.setCookie(ConsoleCookies.expired(ConsoleCookies.signIn))
            return response
        }
        group.post("sign-out") { request, context in
            if let cookie = request.cookies[ConsoleCookies.session]?.value, let session = try await store.consoleSession(cookie: cookie) {
                _ = try await ConsoleForm.read(request, expecting: session.csrf)
                try await store.closeConsoleSession(cookie: cookie)
                try await store.recordAudit(login: session.user.login, action: "sign-out", detail: "")
            }
            var response = Response.redirect(to: "/console/sign-in", type: .normal)
            response.setCookie(ConsoleCookies.expired(ConsoleCookies.session))
            return response
        }
    }

    /// The sign-in page, with a fresh double-submit token in its cookie and its form.
    private func form(next: String, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = CentralStore.randomSecret()
        let content = Templates.render(SignInView(csrf: csrf, next: next, error: error), "sign-in")
        var response = Page(title: "Sign in", section: nil, session: nil).response(content: content, status: status)
        response.setCookie(ConsoleCookies.make(ConsoleCookies.signIn, value: csrf, maxAge: 3600))
        return response
    }
}

struct SignInView {
    var csrf: String
    var next: String
    var error: String?
}
