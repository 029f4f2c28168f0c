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
}
