import CompressNIO
import DSOProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Gzip on the wire, both ways: request bodies with `Content-Encoding: gzip` are inflated
/// (never beyond the body limit, so a small bomb cannot expand into memory), and answers are
/// deflated when the client accepts gzip and the body is worth it.
enum BodyCoding {
    /// Answers smaller than this go out uncompressed.
    static let minimumCompressedSize = 1024

    /// The request body, inflated if needed, at most `limit` bytes once inflated, arriving within
    /// `timeout`.
    ///
    /// Answers 413 `body_too_large` past the limit (declared, streamed chunk by chunk, or after
    /// inflation), 400 `malformed_request` for broken HTTP framing (a bad chunk size, an unknown
    /// transfer coding) and 408 `request_timeout` for a body that trickles in too slowly. None of
    /// these is a 5xx: clients retry 5xx answers (PROTOCOL 14.2).
    static func readBody(_ request: Request, limit: Int, timeout: Duration) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        var buffer: ByteBuffer
        do {
            buffer = try await withDeadline(timeout) { try await request.body.collect(upTo: limit) }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        } catch let error as HTTPParserError {
            throw malformedFraming(error)
        }
        switch request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "", "identity":
            return buffer
        case "gzip":
            let inflated: ByteBuffer
            do {
                inflated = try buffer.decompress(with: .gzip(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw tooLarge(limit)
            } catch {
                throw ProblemError(.malformedJSON, 400, "Malformed body", "the gzip body could not be inflated")
            }
            // The inflater fills whole allocations, which may exceed `maxSize`: check the result.
            guard inflated.readableBytes <= limit else { throw tooLarge(limit) }
            return inflated
        case let other?:
            throw ProblemError(.unsupportedMediaType, 415, "Unsupported content coding",
                               "Content-Encoding '\(other)' is not supported; use gzip or none")
        }
    }

    /// A broken HTTP message: the connection cannot be trusted any more, so it is closed.
    static func malformedFraming(_ error: HTTPParserError) -> ProblemError {
        ProblemError(.malformedRequest, 400, "Malformed request",
                     "the request's HTTP framing is broken (\(error)); send a Content-Length body or valid chunked encoding",
                     headers: [.connection: "close"])
    }

    /// Runs `body`, or throws 408 `request_timeout` when it takes longer than `timeout`.
    static func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw ProblemError(.requestTimeout, 408, "Request timeout",
                                   "the request body did not arrive within \(timeout.components.seconds) s",
                                   headers: [.connection: "close"])
            }
            return value
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
