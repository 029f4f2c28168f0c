import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

/// Provenance (issue 9, part 3): for every fact and value, its author, replica, HLC, server
/// sequence and receive time, and for losers what overrode them; on every path a fact reaches a
/// replica (its own push, a log page, a snapshot page, the snapshot file).
@Suite("Provenance", .serialized)
struct ProvenanceTests {
    @Test("history and customer audits carry author, replica, HLC, seq, receive time and what overrode each value", arguments: TestEngine.available)
    func auditTrail(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let customer = try #require(try alice.customers().first).customer
            let item = try #require(try alice.items(customerCode: customer.code).first).item
            let contact = try #require(try alice.contacts(customerCode: customer.code).first).contact
            let before = Date().addingTimeInterval(-1)

            let first = try alice.qualify(items: [item.number], status: "contacted", comment: "Left a message", followUp: .none)
            try alice.editContact(contact.id.uuidString, set: [.phone: "+33 6 10 10 10 10"])
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            let second = try claire.qualify(items: [item.number], status: "payment_announced", comment: "Transfer ordered", followUp: .none)
            try claire.editContact(contact.id.uuidString, set: [.phone: "+33 6 20 20 20 20"])
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            let after = Date().addingTimeInterval(1)

            // Three paths: alice's own push, claire's fact pulled in a log page, and two new
            // replicas' first downloads (snapshot file, snapshot pages).
            var replicas = [("alice", alice)]
            for (name, file) in [("file", true), ("pages", false)] {
                let manager = try await cluster.replica("claire", name: "manager-\(name)")
                try await manager.sync(client: try cluster.client("claire"), retry: quickRetry, snapshotFile: file)
                replicas.append((name, manager))
            }
            for (name, replica) in replicas {
                let history = try replica.history(of: item.id.uuidString)
                #expect(history.map(\.qualification.id) == [first.id, second.id], "\(name)")
                for entry in history {
                    #expect(entry.seq != nil, "\(name)")
                    #expect(entry.receivedAt.map { $0 >= before && $0 <= after } == true, "\(name): receive time \(String(describing: entry.receivedAt))")
                }
                #expect(history[0].overriddenBy == second.id && history[1].overriddenBy == nil, "\(name)")
                #expect(history[0].qualification.replicaID == alice.id && history[1].qualification.author == "claire")

                let audit = try replica.audit(customerCode: customer.code)
                let phone = try #require(audit.contactFields.first { $0.contactID == contact.id && $0.field == .phone }, "\(name)")
                #expect(phone.value == "+33 6 20 20 20 20" && phone.setBy?.author == "claire" && phone.setBy?.receivedAt != nil, "\(name)")
                #expect(phone.overridden.map(\.author) == ["alice"] && phone.overridden.first?.overriddenBy == phone.setBy?.factID, "\(name)")
                #expect(phone.overridden.first?.replicaID == alice.id && phone.overridden.first?.seq != nil, "\(name)")
                #expect(audit.qualifications.map(\.factID) == [first.id, second.id], "\(name)")
            }

            // The terminal shows it, and its JSON carries it.
            let path = cluster.directory.appendingPathComponent("replicas/alice.sqlite").path
            let text = try await CommandRunner.run("dso", ["history", item.number, "--audit", "--replica", path])
            #expect(text.status == 0)
            #expect(text.stdout.contains("by alice on replica \(Replica.short(alice.id))") && text.stdout.contains("overridden by 2."), "\(text.stdout)")
            #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
            let json = try await CommandRunner.run("dso", ["customer", customer.code, "--audit", "--json", "--replica", path])
            #expect(json.status == 0 && json.stdout.contains("\"overriddenBy\"") && json.stdout.contains("\"receivedAt\""))
            let customerText = try await CommandRunner.run("dso", ["customer", customer.code, "--audit", "--replica", path])
            #expect(customerText.stdout.contains("Contact fields set in the field") && customerText.stdout.contains("overridden by"))
        }
    }
}
