import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/users`: the users, their portfolios and the audit log. Administrators add a
/// user (the token is shown once, on the answer page) and revoke a user's tokens; managers and
/// administrators move a customer to a collector, one by one or from a portfolio file. Every
/// change is written in the audit log with who and when.
struct UsersPage {
    let console: Console

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("users") { _, context in
            let scope = try Scope(context)
            try scope.requireManager("manage users and portfolios")
            return try await page(context: context, scope: scope)
        }
        group.post("users") { request, context in
            let scope = try Scope(context)
            let form = try await ConsoleForm.read(request, context: context)
            guard scope.user.role == .admin else { throw ConsoleError.forbidden("Only administrators can add users.") }
            guard let login = form["login"], let role = form["role"].flatMap(Role.init(rawValue:)) else {
                return try await page(context: context, scope: scope, error: "Give the new user a login and a role.")
            }
            let user = User(login: login, name: form["name"], email: form["email"], role: role)
            let token: String
            do {
                token = try console.store.addUser(user)
            } catch let error as UserError {
                return try await page(context: context, scope: scope, error: error.description, status: .unprocessableContent)
            }
            try await console.store.recordAudit(login: scope.user.login, action: "user.add", detail: "\(login) as \(role.rawValue)")
            return try await page(context: context, scope: scope, notice: "\(login) was added as \(role.rawValue). Give them this token now: it is shown only once.",
                                  token: token)
        }
        group.post("users/:login/revoke") { request, context in
            let scope = try Scope(context)
            _ = try await ConsoleForm.read(request, context: context)
            guard scope.user.role == .admin else { throw ConsoleError.forbidden("Only administrators can revoke tokens.") }
            let login = try context.parameters.require("login")
            let count = try console.store.revokeTokens(login: login)
            try await console.store.recordAudit(login: scope.user.login, action: "user.revoke", detail: "\(login): \(count) token(s)")
            return try await page(context: context, scope: scope,
                                  notice: "\(login): \(count) token(s) revoked. Their replicas and console sessions stop working now; `dso-server user token \(login)` issues a new one.")
        }
        group.post("assign") { request, context in
            let scope = try Scope(context)
            let form = try await ConsoleForm.read(request, context: context)
            try scope.requireManager("move customers between portfolios")
            guard let code = form["customer"] else { return try await page(context: context, scope: scope, error: "Name the customer to move (e.g. C0042).") }
            let collector = form["collector"]
            if let collector {
                guard try console.store.users().contains(where: { $0.login == collector && $0.role == .collector }) else {
                    return try await page(context: context, scope: scope, error: "\(collector) is not a collector.", status: .unprocessableContent)
                }
            }
            do {
                let (previous, changed) = try await console.store.assign(customerCode: code, to: collector)
                guard changed else {
                    return try await page(context: context, scope: scope, notice: "\(code) is already \(collector.map { "in \($0)'s portfolio" } ?? "in no portfolio"); nothing changed.")
                }
                try await console.store.recordAudit(login: scope.user.login, action: "assign",
                                                    detail: "\(code): \(previous ?? "(none)") → \(collector ?? "(none)")")
                return try await page(context: context, scope: scope,
                                      notice: "\(code): \(previous ?? "no collector") → \(collector ?? "no collector"). Their replicas follow on their next sync.")
            } catch {
                return try await page(context: context, scope: scope, error: "\(error)", status: .unprocessableContent)
            }
        }
    }

    func page(context: DSORequestContext, scope: Scope, notice: String? = nil, token: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let users = try console.store.users()
        let held = try await console.store.portfolioSizes()
        let audit = try await console.store.auditLog(limit: 50)
        let view = UsersView(
            csrf: context.consoleSession?.csrf ?? "", isAdmin: scope.user.role == .admin, notice: notice, token: token, error: error,
            users: users.map { UsersView.Row(login: $0.login, name: $0.name ?? "", email: $0.email ?? "", role: $0.role.rawValue,
                                             customers: $0.role == .collector ? Format.count(held[$0.login] ?? 0) : nil) },
            collectors: Choice.collectors(users, selected: nil),
            roles: Role.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue, selected: $0 == .collector) },
            unassigned: Format.count(held[nil] ?? 0),
            audit: audit.map { UsersView.Audit(at: Format.time($0.at), login: $0.login, action: $0.action, detail: $0.detail) })
        return Page(title: "Users and portfolios", section: .users, session: context.consoleSession)
            .response(content: Templates.render(view, "users"), status: status)
    }
}

struct UsersView {
    struct Row {
        var login: String
        var name: String
        var email: String
        var role: String
        var customers: String?
    }

    struct Audit {
        var at: String
        var login: String
        var action: String
        var detail: String
    }

    var csrf: String
    var isAdmin: Bool
    var notice: String?
    var token: String?
    var error: String?
    var users: [Row]
    var collectors: [Choice]
    var roles: [Choice]
    var unassigned: String
    var audit: [Audit]
}
