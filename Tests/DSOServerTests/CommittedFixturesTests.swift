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

@Suite("The fixture generator")
struct FixtureGeneratorTests {
    @Test("every seed gives contacts with distinct names per customer")
    func distinctContacts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for seed in UInt64(1)...20 {
            try FixtureGenerator(customers: 2000, seed: seed, asOf: BusinessDate("2026-11-22")!).write(to: directory)
            let lines = try String(contentsOf: directory.appendingPathComponent("contacts.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            var seen = Set<String>()
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                #expect(seen.insert("\(fields[0]),\(fields[1])").inserted, "seed \(seed): \(fields[0]) has two contacts named \(fields[1])")
            }
        }
    }

    @Test("the generated files import at any size: 200 customers (seed 1) and 20000")
    func importsAtScale() async throws {
        for (customers, kinds) in [(200, [ImportKind.users, .customers, .portfolio, .contacts, .items]),
                                   (20_000, [ImportKind.users, .customers, .portfolio, .contacts])] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dso-gen-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let summary = try FixtureGenerator(customers: customers, seed: 1, asOf: BusinessDate("2026-11-22")!)
                .write(to: directory.appendingPathComponent("fixtures"))
            let store = try CentralStore(dataDirectory: directory.appendingPathComponent("data"))
            for kind in kinds {
                let file = directory.appendingPathComponent("fixtures/\(kind.rawValue).csv")
                let report = try await store.importFile(kind, from: file, mode: .stock, asOf: BusinessDate("2026-11-22")!)
                #expect(report.applied && report.rejected.isEmpty, "\(customers) customers, \(kind.rawValue): \(report.rejected.prefix(3))")
            }
            let counts = try store.counts()
            #expect(counts["customers"] == summary.customers && counts["contacts"] == summary.contacts)
        }
    }
}
