import DSOServer
import Foundation
import Hummingbird

/// A form posted to the console: its fields, once the session's CSRF token in it was checked.
struct ConsoleForm {
    var fields: [String: String]

    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Reads an `application/x-www-form-urlencoded` body (at most 1 MiB) and checks that it
    /// carries this session's CSRF token and, when the browser says where it comes from
    /// (`Origin`), that it comes from this server.
    static func read(_ request: Request, context: DSORequestContext) async throws -> ConsoleForm {
        try await read(request, expecting: context.consoleSession?.csrf)
    }

    /// ``read(_:context:)`` with the token to expect given (sign-out runs outside the session's middleware).
    static func read(_ request: Request, expecting csrf: String?) async throws -> ConsoleForm {
        try checkOrigin(request)
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let form = ConsoleForm(fields: try parse(String(buffer: buffer)))
        guard let csrf, let sent = form.fields["csrf"], constantTimeEqual(sent, csrf) else { throw ConsoleError.expiredForm }
        return form
    }

    /// Refuses a form whose browser says it comes from another site (`Origin`).
    static func checkOrigin(_ request: Request) throws {
        if let origin = request.headers[.origin], let host = request.head.authority,
           origin != "https://" + host, origin != "http://" + host {
            throw ConsoleError.expiredForm
        }
    }

    /// The fields of a URL-encoded body (Hummingbird's decoder); a body that is not one is a bad request.
    static func parse(_ body: String) throws -> [String: String] {
        guard !body.isEmpty else { return [:] }
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: body)
        } catch {
            throw ConsoleError.badRequest("The form could not be read. Reload the page and send it again.")
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
