import DSOModel
import DSOServer
import Foundation

extension CentralStore {
    /// Imports generated sample data (`customers` customers from `seed`: users, customers,
    /// portfolio, contacts, items) written to `fixtures`, and returns a token for every sample user.
    func loadSample(customers: Int, seed: UInt64, into fixtures: URL) async throws -> [String: String] {
        try FixtureGenerator(customers: customers, seed: seed, asOf: TestCluster.asOf).write(to: fixtures)
        for (kind, file) in [(ImportKind.users, "users.csv"), (.customers, "customers.csv"), (.portfolio, "portfolio.csv"),
                             (.contacts, "contacts.csv"), (.items, "items.csv")] {
            let report = try await importFile(kind, from: fixtures.appendingPathComponent(file), mode: .stock, asOf: TestCluster.asOf)
            guard report.applied else { throw TestFailure("fixture import of \(file) failed: \(report.rejected)") }
        }
        var tokens: [String: String] = [:]
        for user in FixtureGenerator.users { tokens[user.login] = try issueToken(login: user.login) }
        return tokens
    }
}
