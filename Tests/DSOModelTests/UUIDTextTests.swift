import DSOModel
import Foundation
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("text is uuidString, and parses back, for random and v7 ids")
    func roundTrip() {
        for _ in 0..<2_000 {
            for id in [UUID(), UUIDv7.make()] {
                #expect(id.text == id.uuidString)
                #expect(UUID(text: id.text) == id)
                #expect(UUID(text: id.uuidString.lowercased()) == id)
            }
        }
        let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), ones = UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))
        #expect(zero.text == "00000000-0000-0000-0000-000000000000")
        #expect(ones.text == "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
    }

    @Test("malformed text is refused like UUID(uuidString:) refuses it",
          arguments: ["", "0190F0E2-7C4A-7000-8000-00000000000", "0190F0E2-7C4A-7000-8000-0000000000000",
                      "0190F0E2x7C4A-7000-8000-000000000000", "0190F0E2-7C4A-7000-8000-00000000000G",
                      "0190F0E27C4A-7000-8000-0000000000000",
                      "0190F0E2-7C4A-7000-8000-00000000000é"])
    func refused(_ text: String) {
        #expect(UUID(text: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }

    @Test("a space where a digit belongs is refused (sscanf, under uuidString, skips it)")
    func stricterThanScanf() {
        #expect(UUID(text: " 190F0E2-7C4A-7000-8000-000000000000") == nil)
    }

    @Test("the package's Codable types write ids as Foundation does, read either case, and refuse malformed ids")
    func coding() throws {
        let clock = HLCClock()
        let q = Qualification(id: UUIDv7.make(), customerID: UUIDv7.make(), itemIDs: [UUIDv7.make(), UUID()], statusCode: "contacted",
                              comment: "called", statusDate: BusinessDate("2026-11-22")!, author: "alice", replicaID: UUIDv7.make(),
                              hlc: clock.now())
        let ours = try JSONSerialization.jsonObject(with: JSONEncoder().encode(q)) as! [String: Any]
        #expect(ours["id"] as? String == q.id.uuidString)
        #expect(ours["itemIDs"] as? [String] == q.itemIDs.map(\.uuidString))
        #expect(try JSONDecoder().decode(Qualification.self, from: JSONEncoder().encode(q)) == q)
        // Lower-case ids (another writer's) read as the same ids.
        var lower = ours
        lower["id"] = q.id.uuidString.lowercased()
        lower["itemIDs"] = q.itemIDs.map { $0.uuidString.lowercased() }
        #expect(try JSONDecoder().decode(Qualification.self, from: JSONSerialization.data(withJSONObject: lower)) == q)
        // A malformed id, alone, in an array, or optional, is a decoding error naming its field.
        for (key, value) in [("id", "not-an-id" as Any), ("itemIDs", [q.itemIDs[0].uuidString, "0190F0E2-7C4A"] as Any)] {
            var bad = ours
            bad[key] = value
            #expect {
                try JSONDecoder().decode(Qualification.self, from: JSONSerialization.data(withJSONObject: bad))
            } throws: { error in
                guard case DecodingError.dataCorrupted(let context) = error else { return false }
                return context.codingPath.last?.stringValue == key
            }
        }
        let event = ActionEvent(id: UUIDv7.make(), actionID: UUIDv7.make(), customerID: UUIDv7.make(), kind: .created,
                                date: BusinessDate("2026-11-22")!, actionKind: .specific, channel: .call, itemIDs: nil,
                                author: "alice", replicaID: UUIDv7.make(), hlc: clock.now())
        var optional = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as! [String: Any]
        #expect(optional["itemIDs"] == nil && optional["qualificationID"] == nil)
        #expect(try JSONDecoder().decode(ActionEvent.self, from: JSONEncoder().encode(event)) == event)
        optional["qualificationID"] = "0190F0E2-7C4A-7000-8000-00000000000G"
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ActionEvent.self, from: JSONSerialization.data(withJSONObject: optional))
        }
    }
}
