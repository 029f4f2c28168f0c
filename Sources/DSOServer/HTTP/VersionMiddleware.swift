import DSOProtocol
import HTTPTypes
import Hummingbird

/// Refuses any request of a versioned group (`/v1`, `/v2`) that does not carry a protocol
/// version that group answers (HTTP 426). Version 2 adds an endpoint to version 1, so `/v1`
/// answers both; `/v2` answers 2 only.
struct VersionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name(ProtocolVersion.header)! }
    /// The versions this group answers.
    var supported: [Int] = ProtocolVersion.supported

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let value = request.headers[VersionMiddleware.headerName] else {
            throw ProblemError(.unsupportedProtocolVersion, 426, "Protocol version required",
                               "send the header \(ProtocolVersion.header) with one of \(supported)",
                               supportedVersions: supported, headers: [.upgrade: "DSO-Protocol/\(supported.max() ?? ProtocolVersion.current)"])
        }
        guard let version = ProtocolVersion.parse(value), supported.contains(version) else {
            throw ProblemError(.unsupportedProtocolVersion, 426, "Unsupported protocol version",
                               "this server serves protocol versions \(supported); the request asked for '\(value)'",
                               supportedVersions: supported, headers: [.upgrade: "DSO-Protocol/\(supported.max() ?? ProtocolVersion.current)"])
        }
        var response = try await next(request, context)
        response.headers[VersionMiddleware.headerName] = String(version)
        return response
    }
}
