import DSOProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Protocol version 2: `GET /v2/snapshot`, a new replica's scope as one SQLite file
/// (``DSOProtocol/SnapshotFile``).
struct SnapshotRoutes {
    let store: CentralStore
    let gate: SnapshotGate

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("snapshot", use: snapshot)
    }

    /// Builds the caller's file, unlinks it as soon as it is open (nothing is left behind, even
    /// by a crash mid-stream), and streams it in 1 MiB chunks.
    @Sendable func snapshot(_ request: Request, context: DSORequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard await gate.enter() else {
            throw ProblemError(.serverBusy, 503, "Server busy",
                               "the server is building as many snapshot files as it allows at once; retry in a few seconds",
                               headers: [.retryAfter: "2"])
        }
        let built: BuiltSnapshot
        do {
            let provenance = request.uri.queryParameters.get("provenance") == "1"
            built = try await store.buildSnapshotFile(for: user, provenance: provenance)
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
        ServerMetric.pullPage("snapshot_file")
        context.logger.info("snapshot file built", metadata: ["login": "\(user.login)", "rows": "\(built.rows)", "bytes": "\(built.bytes)",
                                                               "high_water": "\(built.highWater)"])
        guard let handle = FileHandle(forReadingAtPath: built.path) else {
            try? FileManager.default.removeItem(atPath: built.path)
            throw ProblemError(.internalError, 500, "Internal server error", "the snapshot file could not be read; retry")
        }
        try? FileManager.default.removeItem(atPath: built.path)
        let body = ResponseBody(contentLength: built.bytes) { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: SnapshotFile.mediaType, .cacheControl: "no-store"], body: body)
    }
}

/// How many snapshot files may be built at once (each costs a core while it runs).
actor SnapshotGate {
    private let limit: Int
    private var running = 0

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool {
        guard running < limit else { return false }
        running += 1
        return true
    }

    func leave() { running -= 1 }
}
