import DSOProtocol
import Foundation
import Testing

/// Replays the example exchanges of `Protocol/examples` against the Swift wire types: each
/// decodes, and re-encodes to the same JSON document.
@Suite("Golden vectors")
struct GoldenVectorTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/examples")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("every example file maps to a message type")
    func coverage() {
        #expect(GoldenVectorTests.files.count >= 8)
        for file in GoldenVectorTests.files { #expect(GoldenVectorTests.roundTrip(for: file) != nil, "\(file)") }
    }

    @Test("decodes and re-encodes identically", arguments: GoldenVectorTests.files)
    func replay(_ file: String) throws {
        let data = try Data(contentsOf: GoldenVectorTests.examples.appendingPathComponent(file))
        let roundTrip = try #require(GoldenVectorTests.roundTrip(for: file))
        let reencoded = try roundTrip(data)
        let original = try JSONDecoder().decode(JSONValue.self, from: data)
        let again = try JSONDecoder().decode(JSONValue.self, from: reencoded)
        #expect(original == again)
    }

    static func roundTrip(for file: String) -> ((Data) throws -> Data)? {
        func make<T: Codable>(_ type: T.Type) -> (Data) throws -> Data {
            { data in try WireJSON.encoder().encode(try WireJSON.decoder().decode(T.self, from: data)) }
        }
        if file.hasPrefix("hello-response") { return make(Hello.self) }
        if file.hasPrefix("push-request") { return make(PushRequest.self) }
        if file.hasPrefix("push-response") { return make(PushResponse.self) }
        if file.hasPrefix("pull-response") { return make(PullResponse.self) }
        if file.hasPrefix("problem") { return make(Problem.self) }
        return nil
    }

    @Test("an unknown change kind is refused by name")
    func unknownKind() throws {
        let json = #"{"id":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B","hlc":"001763800000000-000000","kind":"invoice.delete","payload":{}}"#
        #expect(throws: UnknownChangeKind.self) { try WireJSON.decoder().decode(Change.self, from: Data(json.utf8)) }
    }
}

@Suite("Wire timestamps")
struct TimestampTests {
    @Test("millisecond timestamps survive parse and format exactly", arguments: [
        "2026-11-22T10:29:58.412Z", "2026-11-22T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2026-11-02T09:15:02.731Z",
    ])
    func exact(_ text: String) throws {
        let date = try #require(WireJSON.parseTimestamp(text))
        #expect(WireJSON.formatTimestamp(date) == text)
    }
}

@Suite("Forward compatibility")
struct ForwardCompatibilityTests {
    @Test("a pulled change of an unknown kind is kept as unknown, not a failure; a pushed one is refused")
    func unknownPulledKind() throws {
        let page = #"{"changes":[{"kind":"future.kind","payload":{"x":1},"seq":7},{"kind":"customer.remove","payload":{"customerID":"019B921A-FD68-7951-9D9D-C9F81818E811","reason":"reassigned"},"seq":8}],"more":false,"next":"abc","serverTime":"2026-11-22T10:00:00.000Z","snapshot":false}"#
        let response = try WireJSON.decoder().decode(PullResponse.self, from: Data(page.utf8))
        #expect(response.changes.count == 2)
        #expect(response.changes[0].body == .unknown("future.kind"))
        guard case .customerRemoved = response.changes[1].body else { Issue.record("second change lost"); return }
        let push = #"{"id":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B","hlc":"001763800000000-000000","kind":"unknown","payload":{}}"#
        #expect(throws: UnknownChangeKind.self) { try WireJSON.decoder().decode(Change.self, from: Data(push.utf8)) }
    }
}
