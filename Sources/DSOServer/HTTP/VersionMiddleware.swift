import DSOProtocol
import HTTPTypes
import Hummingbird

/// Refuses any `/v1` request that does not carry a protocol version this server serves (HTTP 426).
struct VersionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name(ProtocolVersion.header)! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let supported = ProtocolVersion.supported
        guard let value = request.headers[VersionMiddleware.headerName] else {
            throw ProblemError(.unsupportedProtocolVersion, 426, "Protocol version required",
                               "send the header \(ProtocolVersion.header) with one of \(supported)",
                               supportedVersions: supported, headers: [.upgrade: "DSO-Protocol/\(ProtocolVersion.current)"])
        }
        guard let version = ProtocolVersion.parse(value), supported.contains(version) else {
            throw ProblemError(.unsupportedProtocolVersion, 426, "Unsupported protocol version",
                               "this server serves protocol versions \(supported); the request asked for '\(value)'",
                               supportedVersions: supported, headers: [.upgrade: "DSO-Protocol/\(ProtocolVersion.current)"])
        }
        var response = try await next(request, context)
        response.headers[VersionMiddleware.headerName] = String(version)
        return response
    }
}
