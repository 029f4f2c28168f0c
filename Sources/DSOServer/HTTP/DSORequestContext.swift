import Hummingbird

/// Per-request context: the authenticated user, once the auth middleware has found one, and
/// on console pages the browser session it came from.
public struct DSORequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    public var consoleSession: ConsoleSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
        consoleSession = nil
    }

    /// The authenticated user; routes behind ``AuthMiddleware`` always have one.
    func requireUser() throws -> User {
        guard let user else { throw ProblemError.unauthenticated("missing bearer token") }
        return user
    }
}
