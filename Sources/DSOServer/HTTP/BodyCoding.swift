import CompressNIO
import DSOProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Gzip on the wire, both ways: request bodies with `Content-Encoding: gzip` are inflated
/// (never beyond the body limit, so a small bomb cannot expand into memory), and answers are
/// deflated when the client accepts gzip and the body is worth it.
enum BodyCoding {
    /// Answers smaller than this go out uncompressed.
    static let minimumCompressedSize = 1024

    /// The request body, inflated if needed, at most `limit` bytes once inflated.
    static func readBody(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        }
        switch request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "", "identity":
            return buffer
        case "gzip":
            do {
                return try buffer.decompress(with: .gzip(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw tooLarge(limit)
            } catch {
                throw ProblemError(.malformedJSON, 400, "Malformed body", "the gzip body could not be inflated")
            }
        case let other?:
            throw ProblemError(.unsupportedMediaType, 415, "Unsupported content coding",
                               "Content-Encoding '\(other)' is not supported; use gzip or none")
        }
    }

    static func tooLarge(_ limit: Int) -> ProblemError {
        ProblemError(.bodyTooLarge, 413, "Request body too large", "the body exceeds \(limit) bytes; split the change-set")
    }

    /// A JSON answer, gzipped when the request accepts it.
    static func json(_ data: Data, for request: Request) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        var body = ByteBuffer(bytes: data)
        if data.count >= minimumCompressedSize, accepts(request),
           let compressed = try? body.compress(with: .gzip()) {
            body = compressed
            headers[.contentEncoding] = "gzip"
        }
        headers[.vary] = "Accept-Encoding"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    static func accepts(_ request: Request) -> Bool {
        guard let value = request.headers[.acceptEncoding]?.lowercased() else { return false }
        return value.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.first == "gzip" && !fields.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }
}
