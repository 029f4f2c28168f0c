import DSOModel
import DSOServer
import Foundation
import Testing

@Suite("Committed sample files")
struct CommittedFixturesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test("Fixtures/ imports cleanly and is as rich as the demo needs")
    func importsCleanly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-committed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CentralStore(dataDirectory: directory)
        for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                             (.contacts, "contacts.csv"), (.items, "items.csv")] {
            let report = try await store.importFile(kind, from: CommittedFixturesTests.folder.appendingPathComponent(file), mode: .stock)
            #expect(report.applied && report.rejected.isEmpty, "\(file): \(report.rejected.prefix(3))")
        }
        let counts = try store.counts()
        #expect(counts["customers"]! >= 50)
        #expect(counts["items"]! >= 500)
        let users = try store.users()
        #expect(users.filter { $0.role == .collector }.count >= 3)
        #expect(users.contains { $0.role == .manager })
        let items = try store.itemStates().map(\.item)
        #expect(Set(items.map(\.openAmount.currency)).count >= 3)
        let asOf = BusinessDate("2026-11-22")!
        #expect(items.contains { $0.isOverdue(on: asOf) } && items.contains { !$0.isOverdue(on: asOf) })
    }
}
