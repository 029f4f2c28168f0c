import DSOModel
import Hummingbird
import DSOServer

extension Request {
    /// A query parameter, trimmed; `nil` when absent or empty.
    func queryText(_ name: String) -> String? {
        uri.queryParameters[name[...]].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// What the signed-in user may see, decided on every request from the session's current role:
/// a collector her own portfolio, managers and admins the whole book (optionally narrowed).
struct Scope {
    var user: User

    init(_ context: DSORequestContext) throws {
        guard let user = context.consoleSession?.user else {
            throw ConsoleError(status: .unauthorized, title: "Signed out", message: "Sign in to see this page.")
        }
        self.user = user
    }

    var seesEverything: Bool { user.role.seesEverything }

    /// The collector whose portfolio a page shows: always herself for a collector; for the
    /// others, the one asked for (`nil`: everybody).
    func collector(asked: String?) -> String? {
        seesEverything ? asked.flatMap { $0.isEmpty ? nil : $0 } : user.login
    }

    func reportFilter(collector asked: String? = nil, customer: String? = nil, currency: CurrencyCode? = nil,
                      convertedTo: CurrencyCode? = nil) -> ReportFilter {
        ReportFilter(collector: collector(asked: asked), customer: customer, currency: currency, convertedTo: convertedTo)
    }

    /// Whether a customer held by `collector` is visible.
    func sees(customerHeldBy collector: String?) -> Bool { seesEverything || collector == user.login }

    /// Refuses what only managers and admins may do.
    func requireManager(_ what: String) throws {
        guard seesEverything else { throw ConsoleError.forbidden("Only managers and administrators can \(what).") }
    }
}
