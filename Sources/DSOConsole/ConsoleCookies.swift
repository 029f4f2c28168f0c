import Foundation
import Hummingbird

/// The console's cookies: the session, and the token the sign-in form carries before there is a
/// session (double-submit, so no other site can sign a browser in). Both `HttpOnly`, `Secure`,
/// `SameSite=Strict`, limited to `/console`.
enum ConsoleCookies {
    static let session = "dso_session"
    static let signIn = "dso_signin"

    static func make(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: true, httpOnly: true, sameSite: .strict)
    }

    /// A cookie that tells the browser to forget `name`.
    static func expired(_ name: String) -> Cookie { make(name, value: "", maxAge: 0) }
}

/// Where a page may send the browser after sign-in: console paths only, never another site.
enum SafeRedirect {
    static func target(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.contains("\r"), !next.contains("\n") else { return "/console" }
        return next
    }

    static func encode(_ path: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=?+#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/console"
    }
}
