import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// Everything the console's customer page shows of one customer: its file (items,
/// qualifications, actions, payments), its resolved contacts, the collection settings the
/// promises are judged with, and for each qualification where the server stands: its sequence
/// number and when the server received it.
public struct CustomerRecord: Sendable {
    public var file: CustomerFile
    public var contacts: [ResolvedContact]
    public var settings: CollectionSettings
    /// Per qualification id: the server's sequence number and receive time.
    public var received: [UUID: (seq: Int64, at: Date?)]
}

extension CentralStore {
    /// The record of the customer `code`, or `nil` when there is none.
    ///
    /// ```sql
    /// SELECT doc FROM customers WHERE code = ?;  -- then the customer file's reads, and
    /// SELECT q.id, q.seq, ch.at FROM qualifications q LEFT JOIN changes ch ON ch.seq = q.seq WHERE q.customer_id = ?
    /// ```
    public func customerRecord(code: String) async throws -> CustomerRecord? {
        try await backend.read { db in
            guard let customer = try CentralStore.customer(code: code, in: db) else { return nil }
            let file = try CentralStore.customerFile(customer, in: db)
            var received: [UUID: (seq: Int64, at: Date?)] = [:]
            for row in try db.rows("""
                SELECT q.id, q.seq, ch.at FROM qualifications q LEFT JOIN changes ch ON ch.seq = q.seq WHERE q.customer_id = ?
                """, customer.id.text) {
                guard let id = row.get(0, as: String.self).flatMap(UUID.init(text:)) else { continue }
                received[id] = (row.get(1) ?? 0, row.get(2, as: String.self).flatMap(WireJSON.parseTimestamp))
            }
            return CustomerRecord(file: file, contacts: try CentralStore.resolvedContacts(customer: customer.id, in: db),
                                  settings: try CentralStore.collectionSettings(in: db), received: received)
        }
    }
}
