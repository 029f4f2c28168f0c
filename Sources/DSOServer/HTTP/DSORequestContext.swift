import Hummingbird

/// Per-request context: the authenticated user, once the auth middleware has found one, and
/// on console pages the browser session it came from.
public struct DSORequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user. Setting it also tells the request log who called
    /// (``RequestCaller``), since contexts are values handed down the middleware chain.
    public var user: User? {
        didSet { caller.login = user?.login }
    }
    public var consoleSession: ConsoleSession?
    /// Shared by every copy of this context: who the request turned out to be from.
    let caller = RequestCaller()

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
