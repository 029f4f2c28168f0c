import DSOProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered with an RFC 9457 problem document.
struct ProblemError: HTTPResponseError {
    var problem: Problem
    var extraHeaders: HTTPFields = [:]

    var status: HTTPResponse.Status { .init(code: problem.status) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        ProblemError.response(for: problem, headers: extraHeaders)
    }

    static func response(for problem: Problem, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: Problem.mediaType]
        headers.append(contentsOf: extra)
        let data = (try? WireJSON.encoder().encode(problem)) ?? Data()
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    init(_ code: ProblemCode, _ status: Int, _ title: String, _ detail: String? = nil,
         supportedVersions: [Int]? = nil, errors: [Problem.FieldError]? = nil, headers: HTTPFields = [:]) {
        problem = Problem(code: code, status: status, title: title, detail: detail, supportedVersions: supportedVersions, errors: errors)
        extraHeaders = headers
    }

    static func unauthenticated(_ detail: String) -> ProblemError {
        ProblemError(.unauthenticated, 401, "Authentication required", detail, headers: [.wwwAuthenticate: "Bearer realm=\"dso-sync\""])
    }

    static func invalid(_ detail: String, errors: [Problem.FieldError]? = nil) -> ProblemError {
        ProblemError(.invalidRequest, 422, "Invalid request", detail, errors: errors)
    }
}
