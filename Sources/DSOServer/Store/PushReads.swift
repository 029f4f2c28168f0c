import DSOModel
import DSOProtocol
import Foundation

/// What the rules of a group of pushes read about customers and items, read for the whole group
/// at once: a push never changes a customer or an item (both are central-owned), so what is read
/// before the group stays true throughout it. One statement per 500 customers and per 500 items
/// instead of one per change (on PostgreSQL each is a round trip):
///
/// ```sql
/// SELECT id, code, collector FROM customers WHERE id IN (?, …)
/// SELECT id, customer_id, number, kind, … FROM items WHERE id IN (?, …)
/// ```
final class PushReads {
    private var scopes: [UUID: (code: String, collector: String?)?] = [:]
    private var items: [UUID: OpenItem?] = [:]

    /// Reads the customers and items `changes` name.
    init(_ changes: [Change], in db: some SQLSession) throws {
        var customerIDs = Set<String>(), itemIDs = Set<String>()
        for change in changes {
            switch change.body {
            case .qualification(let q):
                customerIDs.insert(q.customerID.text)
                itemIDs.formUnion(q.itemIDs.map(\.text))
            case .actionEvent(let e):
                customerIDs.insert(e.customerID.text)
                itemIDs.formUnion((e.itemIDs ?? []).map(\.text))
            case .contactEdit(let e):
                customerIDs.insert(e.customerID.text)
            case .conflictResolution(let r):
                customerIDs.insert(r.customerID.text)
            default:
                break
            }
        }
        for part in PushReads.chunks(Array(customerIDs)) {
            for id in part { if let uuid = UUID(text: id) { scopes[uuid] = .some(nil) } }
            for row in try db.rows("SELECT id, code, collector FROM customers WHERE id IN \(CentralStore.list(part.count))", part) {
                guard let id = row.get(0, as: String.self).flatMap(UUID.init(text:)) else { continue }
                scopes[id] = (try row.text(1), row.get(2, as: String.self))
            }
        }
        for part in PushReads.chunks(Array(itemIDs)) {
            for id in part { if let uuid = UUID(text: id) { items[uuid] = .some(nil) } }
            for row in try db.rows("SELECT \(CentralStore.itemColumns) FROM items WHERE id IN \(CentralStore.list(part.count))", part) {
                let item = try CentralStore.typedItem(row)
                items[item.id] = item
            }
        }
    }

    /// The customer's code and collector, as read for the group (`nil` inside: no such customer);
    /// `nil` when the group did not read it.
    func scope(_ id: UUID) -> (code: String, collector: String?)?? { scopes[id] }

    /// The item, as read for the group (`nil` inside: no such item); `nil` when not read.
    func item(_ id: UUID) -> OpenItem?? { items[id] }

    private static func chunks(_ ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min(ids.count, $0 + 500)]) }
    }
}
