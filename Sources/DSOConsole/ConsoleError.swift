import Hummingbird

/// What a console page answers when it cannot do what was asked: a status and one sentence for
/// a person, shown on an error page in the console's layout.
struct ConsoleError: Error {
    var status: HTTPResponse.Status
    var title: String
    var message: String

    static func notFound(_ message: String) -> ConsoleError { .init(status: .notFound, title: "Not found", message: message) }
    static func forbidden(_ message: String) -> ConsoleError { .init(status: .forbidden, title: "Not allowed", message: message) }
    static func badRequest(_ message: String) -> ConsoleError { .init(status: .badRequest, title: "Cannot do that", message: message) }
    static let expiredForm = ConsoleError(status: .forbidden, title: "Form expired",
                                          message: "This form was not sent by this session's page (or the session changed). Go back, reload the page and send it again.")
}
