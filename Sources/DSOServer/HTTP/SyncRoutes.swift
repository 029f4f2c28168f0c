import DSOModel
import DSOProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The protocol v1 endpoints: hello, push, pull.
struct SyncRoutes {
    let store: CentralStore
    let limits: Limits
    let bodyTimeout: Duration

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("hello", use: hello)
        group.post("changesets", use: push)
        group.get("changes", use: pull)
    }

    @Sendable func hello(_ request: Request, context: DSORequestContext) async throws -> Response {
        let user = try context.requireUser()
        let hello = Hello(server: "dso-server/\(Release.version)", serverID: store.serverID, serverTime: Date(),
                          protocolVersions: ProtocolVersion.supported,
                          user: .init(login: user.login, name: user.name, role: user.role), limits: limits)
        return try SyncRoutes.json(hello, for: request)
    }

    @Sendable func push(_ request: Request, context: DSORequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let type = request.headers[.contentType], SyncRoutes.isJSON(type) else {
            throw ProblemError(.unsupportedMediaType, 415, "Unsupported media type", "send the change-set as application/json")
        }
        let buffer = try await BodyCoding.readBody(request, limit: limits.maxBodyBytes, timeout: bodyTimeout)
        let pushRequest = try RequestDecoding.decode(PushRequest.self, from: Data(buffer: buffer))
        try validate(pushRequest)
        return try SyncRoutes.json(try await store.push(pushRequest, by: user), for: request)
    }

    @Sendable func pull(_ request: Request, context: DSORequestContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        let limit = try SyncRoutes.intParameter(query, "limit", default: 500, range: 1...limits.maxPageSize)
        let wait = try SyncRoutes.intParameter(query, "wait", default: 0, range: 0...limits.maxWaitSeconds)
        // Optional: the pulling replica's id, to show when it last caught up (`report activity`).
        let replica = try query["replica"].map { value in
            guard let id = UUID(uuidString: String(value)) else {
                throw ProblemError.invalid("'replica' must be the pulling replica's UUID, or absent",
                                           errors: [.init(pointer: "?replica", reason: "expected a UUID, got '\(value)'")])
            }
            return id
        }
        let after = query["after"].map(String.init)
        if after?.isEmpty == true {
            throw ProblemError(.invalidCursor, 400, "Invalid cursor", "`after` is empty; omit it to start a new replica")
        }
        let deadline = ContinuousClock.now + .seconds(wait)
        let audience: ChangeSignal.Audience = user.role.seesEverything ? .everything : .login(user.login)
        if wait > 0 { await store.watchExternalWrites() }
        while true {
            let generation = await store.signal.generation(for: audience)
            let page: PullPage
            do {
                page = try await store.pull(after: after, limit: limit, for: user)
            } catch is InvalidCursor {
                throw ProblemError(.invalidCursor, 400, "Invalid cursor", "pass back a `next` value this server returned, or omit `after` to start over")
            }
            let remaining = deadline - ContinuousClock.now
            if page.count > 0 || page.more || remaining <= .zero {
                if !page.more, let replica { await store.recordPull(replica: replica, login: user.login) }
                return BodyCoding.json(page.body, for: request)
            }
            // Commits in this process that this user can see wake us at once; commits of another
            // process (a `dso-server import` beside the server) within a second, by the store's
            // one watch (CentralStore.watchExternalWrites).
            ServerMetric.parkedLongPolls(+1)
            await store.signal.wait(for: audience, after: generation, timeout: remaining)
            ServerMetric.parkedLongPolls(-1)
        }
    }

    func validate(_ request: PushRequest) throws {
        if request.changes.count > limits.maxChangesPerPush {
            throw ProblemError(.changesetTooLarge, 413, "Change-set too large",
                               "\(request.changes.count) changes; send at most \(limits.maxChangesPerPush) per push")
        }
        var errors: [Problem.FieldError] = []
        if !SyncRoutes.isV7(request.replicaID) {
            errors.append(.init(pointer: "/replicaID", reason: "replica ids must be UUIDv7"))
        }
        var seen = Set<UUID>()
        for (index, change) in request.changes.enumerated() {
            if !seen.insert(change.id).inserted {
                errors.append(.init(pointer: "/changes/\(index)/id", reason: "duplicate change id in this change-set"))
            }
            if !SyncRoutes.isV7(change.id) {
                errors.append(.init(pointer: "/changes/\(index)/id", reason: "change ids must be UUIDv7"))
            }
            let writer: UUID? = switch change.body {
            case .qualification(let q): q.replicaID
            case .actionEvent(let e): e.replicaID
            default: nil
            }
            if let writer, !SyncRoutes.isV7(writer) {
                errors.append(.init(pointer: "/changes/\(index)/payload/replicaID", reason: "replica ids must be UUIDv7"))
            }
        }
        if !errors.isEmpty { throw ProblemError.invalid("the change-set has invalid ids", errors: errors) }
    }

    /// Version 7 and RFC 9562 variant.
    static func isV7(_ id: UUID) -> Bool { id.uuid.6 >> 4 == 7 && id.uuid.8 >> 6 == 0b10 }

    /// `application/json`, optionally with `charset=utf-8`.
    static func isJSON(_ contentType: String) -> Bool {
        let parts = contentType.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { $0.replacingOccurrences(of: "\"", with: "") == "charset=utf-8" }
    }

    static func intParameter(_ query: Parameters, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = query[name[...]] else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw ProblemError.invalid("'\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)",
                                       errors: [.init(pointer: "?\(name)", reason: "expected \(range.lowerBound)...\(range.upperBound), got '\(raw)'")])
        }
        return number
    }

    static func json(_ value: some Encodable, for request: Request) throws -> Response {
        BodyCoding.json(try wireEncoder.encode(value), for: request)
    }
}
