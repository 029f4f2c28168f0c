import AsyncHTTPClient
import CompressNIO
import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

@Suite("Bad input over HTTPS", .serialized)
struct BadInputTests {
    struct Case: CustomStringConvertible {
        var name: String
        var method = "POST"
        var path = "/v1/changesets"
        var version: String? = "1"
        var token: TokenChoice = .valid
        var contentType = "application/json"
        var contentEncoding: String? = nil
        var body: Data?
        var status: Int
        var code: ProblemCode
        /// The pointer the first field error must name.
        var pointer: String? = nil
        var description: String { name }
    }

    enum TokenChoice { case valid, missing, wrong }

    static func change(kind: String) -> String {
        """
        {"id":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B","hlc":"001763800000000-000000","kind":"\(kind)","payload":{}}
        """
    }

    /// A push of one promise whose promised amount is the given raw JSON.
    static func promise(amount: String) -> Data {
        Data("""
        {"replicaID":"01A19B89-8BC0-78F7-9DA1-494C73CF256D","changes":[{"hlc":"001795342365318-000000",
        "id":"01A202BE-7286-738B-B9EB-DACC0CB1E29C","kind":"qualification.add","payload":{"author":"alice","comment":"Pays Friday",
        "customerID":"019B921A-FD68-7951-9D9D-C9F81818E811","hlc":"001795342365318-000000","id":"01A202BE-7286-738B-B9EB-DACC0CB1E29C",
        "itemIDs":["01A0A7F1-3D00-78D0-9738-F7D93D9C1724"],"promisedAmount":\(amount),"replicaID":"01A19B89-8BC0-78F7-9DA1-494C73CF256D",
        "statusCode":"promise_to_pay","statusDate":"2026-11-28"}}]}
        """.utf8)
    }

    /// An empty push padded with an unknown member of words from a small vocabulary: it deflates
    /// about 7:1, the ratio at which the inflater's rounded-up buffers used to overshoot the limit.
    static func paddedPush(bytes: Int) -> Data {
        var state: UInt64 = 1
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let vocabulary = (0..<20).map { _ in String((0..<(2 + next() % 8)).map { _ in Character(UnicodeScalar(UInt8(97 + next() % 10))) }) }
        var pad = ""
        pad.reserveCapacity(bytes + 16)
        while pad.utf8.count < bytes { pad += vocabulary[next() % vocabulary.count] + " " }
        return Data(#"{"replicaID":"01A19B89-8BC0-78F7-9DA1-494C73CF256D","changes":[],"pad":"\#(pad)"}"#.utf8)
    }

    static let emptyPush = Data(#"{"replicaID":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A50","changes":[]}"#.utf8)

    static let cases: [Case] = [
        Case(name: "lower-case currency", body: promise(amount: #"{"currency":"eur","minor":300000}"#), status: 422, code: .invalidRequest,
             pointer: "/changes/0/payload/promisedAmount/currency"),
        Case(name: "fractional minor units", body: promise(amount: #"{"currency":"EUR","minor":12.5}"#), status: 422, code: .invalidRequest,
             pointer: "/changes/0/payload/promisedAmount/minor"),
        Case(name: "minor units beyond 64 bits", body: promise(amount: #"{"currency":"EUR","minor":9223372036854775808}"#), status: 422,
             code: .invalidRequest, pointer: "/changes/0/payload/promisedAmount/minor"),
        Case(name: "version with a sign", version: "+1", body: emptyPush, status: 426, code: .unsupportedProtocolVersion),
        Case(name: "version with a leading zero", version: "01", body: emptyPush, status: 426, code: .unsupportedProtocolVersion),
        Case(name: "version as a decimal", version: "1.0", body: emptyPush, status: 426, code: .unsupportedProtocolVersion),
        Case(name: "gzip inflating past the limit (text that compresses 7:1)", contentEncoding: "gzip",
             body: gzip(paddedPush(bytes: 5_200_000)), status: 413, code: .bodyTooLarge),
        Case(name: "malformed JSON", body: Data("{\"replicaID\": ".utf8), status: 400, code: .malformedJSON),
        Case(name: "wrong types", body: Data(#"{"replicaID": 5, "changes": []}"#.utf8), status: 422, code: .invalidRequest),
        Case(name: "missing field", body: Data(#"{"changes": []}"#.utf8), status: 422, code: .invalidRequest),
        Case(name: "unknown change kind",
             body: Data(#"{"replicaID":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A50","changes":[\#(change(kind: "invoice.delete"))]}"#.utf8),
             status: 422, code: .unknownChangeKind),
        Case(name: "oversized body", body: Data(repeating: UInt8(ascii: " "), count: 5 << 20), status: 413, code: .bodyTooLarge),
        Case(name: "unsupported protocol version", version: "99", body: Data(#"{"replicaID":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A50","changes":[]}"#.utf8),
             status: 426, code: .unsupportedProtocolVersion),
        Case(name: "missing protocol version", method: "GET", path: "/v1/changes", version: nil, status: 426, code: .unsupportedProtocolVersion),
        Case(name: "missing token", method: "GET", path: "/v1/hello", token: .missing, status: 401, code: .unauthenticated),
        Case(name: "wrong token", token: .wrong, body: Data(#"{"replicaID":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A50","changes":[]}"#.utf8),
             status: 401, code: .unauthenticated),
        Case(name: "not JSON content type", contentType: "text/plain", body: Data("hello".utf8), status: 415, code: .unsupportedMediaType),
        Case(name: "bad cursor", method: "GET", path: "/v1/changes?after=not-a-cursor", status: 400, code: .invalidCursor),
        Case(name: "bad limit", method: "GET", path: "/v1/changes?limit=0", status: 422, code: .invalidRequest),
        Case(name: "replica not a UUID", method: "GET", path: "/v1/changes?replica=my-phone", status: 422, code: .invalidRequest),
        Case(name: "empty cursor", method: "GET", path: "/v1/changes?after=", status: 400, code: .invalidCursor),
        Case(name: "JSON look-alike media type", contentType: "application/jsonx", body: Data("{}".utf8), status: 415, code: .unsupportedMediaType),
        Case(name: "unknown route", method: "GET", path: "/v1/nothing-here", status: 404, code: .notFound),
        Case(name: "wrong method", method: "DELETE", path: "/v1/changesets", status: 405, code: .methodNotAllowed),
        Case(name: "gzip bomb", contentEncoding: "gzip", body: gzip(Data(repeating: UInt8(ascii: " "), count: 6 << 20)),
             status: 413, code: .bodyTooLarge),
        Case(name: "corrupt gzip", contentEncoding: "gzip", body: Data("not gzip at all".utf8), status: 400, code: .malformedJSON),
        Case(name: "unknown content coding", contentEncoding: "br", body: Data("{}".utf8), status: 415, code: .unsupportedMediaType),
    ]

    static func gzip(_ data: Data) -> Data {
        var buffer = ByteBuffer(bytes: data)
        let compressed = try! buffer.compress(with: .gzip())
        return Data(compressed.readableBytesView)
    }

    @Test("each bad request gets a problem document with a stable code, and nothing is written")
    func badRequests() async throws {
        try await TestCluster.with { cluster in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(cluster.caFile))]
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            let before = try cluster.store.counts()
            do {
                for c in BadInputTests.cases {
                    var request = HTTPClientRequest(url: cluster.url.absoluteString + c.path)
                    request.method = HTTPMethod(rawValue: c.method)
                    if let version = c.version { request.headers.add(name: ProtocolVersion.header, value: version) }
                    switch c.token {
                    case .valid: request.headers.add(name: "Authorization", value: "Bearer \(cluster.tokens["alice"]!)")
                    case .wrong: request.headers.add(name: "Authorization", value: "Bearer dso_not-a-token")
                    case .missing: break
                    }
                    if let body = c.body {
                        request.headers.add(name: "Content-Type", value: c.contentType)
                        if let encoding = c.contentEncoding { request.headers.add(name: "Content-Encoding", value: encoding) }
                        request.body = .bytes(ByteBuffer(bytes: body))
                    }
                    let response = try await http.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    #expect(Int(response.status.code) == c.status, "\(c)")
                    #expect(response.headers.first(name: "Content-Type") == Problem.mediaType, "\(c)")
                    let problem = try WireJSON.decoder().decode(Problem.self, from: Data(body.readableBytesView))
                    #expect(problem.code == c.code, "\(c)")
                    #expect(problem.status == c.status, "\(c)")
                    #expect(!(problem.detail ?? "").isEmpty, "\(c)")
                    if c.code == .unsupportedProtocolVersion { #expect(problem.supportedVersions == ProtocolVersion.supported) }
                    if let pointer = c.pointer { #expect(problem.errors?.first?.pointer == pointer, "\(c): \(problem)") }
                    if c.code == .unknownChangeKind { #expect(problem.errors?.first?.pointer == "/changes/0/kind") }
                    if c.code == .unauthenticated { #expect(response.headers.first(name: "WWW-Authenticate") != nil) }
                    if c.code == .methodNotAllowed { #expect(response.headers.first(name: "Allow") == "POST") }
                }
                // A gzipped answer for a client that accepts one.
                var pull = HTTPClientRequest(url: cluster.url.absoluteString + "/v1/changes?limit=50")
                pull.headers.add(name: ProtocolVersion.header, value: "1")
                pull.headers.add(name: "Authorization", value: "Bearer \(cluster.tokens["alice"]!)")
                pull.headers.add(name: "Accept-Encoding", value: "gzip")
                let response = try await http.execute(pull, timeout: .seconds(30))
                #expect(response.headers.first(name: "Content-Encoding") == "gzip")
                var zipped = try await response.body.collect(upTo: 1 << 20)
                let page = try WireJSON.decoder().decode(PullResponse.self, from: Data(try zipped.decompress(with: .gzip()).readableBytesView))
                #expect(page.changes.count == 50)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
            #expect(try cluster.store.counts() == before)
        }
    }

    @Test("a change-set over the limit is refused whole")
    func tooManyChanges() async throws {
        try await TestCluster.with(limits: Limits(maxChangesPerPush: 2)) { cluster in
            let alice = try await cluster.replica("alice")
            let client = try cluster.client("alice")
            try await alice.sync(client: client, retry: quickRetry, pageSize: 2)
            let before = try cluster.store.counts()
            let item = try #require(try alice.items().first)
            let clock = HLCClock()
            let changes = (0..<3).map { _ in
                Change(Qualification(id: UUIDv7.make(), customerID: item.item.customerID, itemIDs: [item.item.id],
                                     statusCode: "contacted", comment: "x", statusDate: TestCluster.asOf,
                                     author: "alice", replicaID: alice.id, hlc: clock.now()))
            }
            await #expect {
                try await client.push(PushRequest(replicaID: alice.id, changes: changes))
            } throws: { error in
                guard case .problem(let p) = error as? SyncError else { return false }
                return p.code == .changesetTooLarge && p.status == 413
            }
            #expect(try cluster.store.counts() == before)
            // The engine itself sends bounded change-sets.
            for _ in 0..<3 { try alice.qualify(items: [item.item.number], status: "contacted", comment: "again", followUp: .none) }
            let report = try await alice.sync(client: client, retry: quickRetry)
            #expect(report.pushed == 3 && report.accepted == 3)
        }
    }

    @Test("a change-set the server finds too big is resent in smaller ones, none lost")
    func splitsOnBodyTooLarge() async throws {
        try await TestCluster.with(limits: Limits(maxBodyBytes: 1500)) { cluster in
            let alice = try await cluster.replica("alice")
            let client = try cluster.client("alice")
            try await alice.sync(client: client, retry: quickRetry)
            let items = try alice.items()
            for item in items.prefix(4) {
                try alice.qualify(items: [item.item.number], status: "contacted", comment: "Left a voicemail for the accountant",
                                  followUp: .none)
            }
            let before = try cluster.store.counts()
            let report = try await alice.sync(client: client, retry: quickRetry)
            #expect(report.accepted == 4 && report.rejected == 0)
            #expect(try cluster.store.counts()["qualifications"]! - before["qualifications"]! == 4)
            #expect(try alice.pendingCount() == 0)
        }
    }
}

@Suite("TLS trust", .serialized)
struct TLSTrustTests {
    @Test("a server whose CA is not trusted is refused at once, without retries")
    func untrustedServer() async throws {
        try await TestCluster.with { cluster in
            let transport = try HTTPTransport(server: cluster.url)   // no --ca: the private CA is unknown
            let client = SyncClient(transport: transport, token: cluster.tokens["alice"]!)
            await #expect {
                try await client.hello()
            } throws: { error in
                guard let error = error as? SyncError, case .untrustedServer = error else { return false }
                return !error.isRetryable
            }
            try await transport.shutdown()
            #expect(throws: SyncError.self) { try HTTPTransport(server: URL(string: "http://127.0.0.1:\(cluster.port)")!) }
        }
    }
}
