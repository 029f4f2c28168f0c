import DSOModel
import DSOServer
import Hummingbird

/// A console page: its content (rendered from the page's template) inside the layout, with the
/// navigation the signed-in user's role allows.
struct Page {
    enum Section: String, CaseIterable {
        case overview, collectors, customers, reports, conflicts, imports, users, settings

        var label: String { self == .users ? "Users" : rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
        var href: String { self == .overview ? "/console" : "/console/" + rawValue }

        /// Whether the section is for `role` (collectors do not import).
        func isFor(_ role: Role) -> Bool {
            switch self {
            case .imports, .users: role.seesEverything
            default: true
            }
        }
    }

    var title: String
    var section: Section?
    var session: ConsoleSession?

    /// An HTML response, `200 OK` unless told (never cached: pages show live figures of one user).
    func response(content: String, status: HTTPResponse.Status = .ok) -> Response {
        let html = Templates.render(layout(content: content), "layout")
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func layout(content: String) -> LayoutView {
        LayoutView(title: title, content: content,
                   nav: session.map { session in
                       Section.allCases.filter { $0.isFor(session.user.role) }.map { NavLink(label: $0.label, href: $0.href, active: $0 == section) }
                   } ?? [],
                   signedIn: session.map { SignedIn(login: $0.user.login, name: $0.user.name ?? $0.user.login, role: $0.user.role.rawValue, csrf: $0.csrf) })
    }
}

struct LayoutView {
    var title: String
    var content: String
    var nav: [NavLink]
    var signedIn: SignedIn?
}

struct NavLink {
    var label: String
    var href: String
    var active: Bool
}

struct SignedIn {
    var login: String
    var name: String
    var role: String
    var csrf: String
}
