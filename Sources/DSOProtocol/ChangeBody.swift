import DSOModel
import Foundation

/// The payload of a change, typed by its kind.
public enum ChangeBody: Hashable, Sendable {
    case qualification(Qualification)
    case status(Status)
    case customer(Customer)
    case contact(Contact)
    case item(OpenItem)
    case customerRemoved(CustomerRemoval)

    public var kind: ChangeKind {
        switch self {
        case .qualification: .qualificationAdd
        case .status: .statusUpsert
        case .customer: .customerUpsert
        case .contact: .contactUpsert
        case .item: .itemUpsert
        case .customerRemoved: .customerRemove
        }
    }

    /// The customer the change belongs to (`nil` for catalogue entries).
    public var customerID: UUID? {
        switch self {
        case .qualification(let q): q.customerID
        case .status: nil
        case .customer(let c): c.id
        case .contact(let c): c.customerID
        case .item(let i): i.customerID
        case .customerRemoved(let r): r.customerID
        }
    }

    /// The payload alone, as compact wire JSON (what servers store and splice into pull pages).
    public func payloadJSON() throws -> String {
        switch self {
        case .qualification(let v): try v.wireJSON()
        case .status(let v): try v.wireJSON()
        case .customer(let v): try v.wireJSON()
        case .contact(let v): try v.wireJSON()
        case .item(let v): try v.wireJSON()
        case .customerRemoved(let v): try v.wireJSON()
        }
    }

    enum Keys: String, CodingKey { case kind, payload }

    static func decode(from container: KeyedDecodingContainer<Keys>) throws -> ChangeBody {
        let raw = try container.decode(String.self, forKey: .kind)
        guard let kind = ChangeKind(rawValue: raw) else {
            throw UnknownChangeKind(kind: raw, codingPath: container.codingPath.map(\.stringValue).joined(separator: "."))
        }
        switch kind {
        case .qualificationAdd: return .qualification(try container.decode(Qualification.self, forKey: .payload))
        case .statusUpsert: return .status(try container.decode(Status.self, forKey: .payload))
        case .customerUpsert: return .customer(try container.decode(Customer.self, forKey: .payload))
        case .contactUpsert: return .contact(try container.decode(Contact.self, forKey: .payload))
        case .itemUpsert: return .item(try container.decode(OpenItem.self, forKey: .payload))
        case .customerRemove: return .customerRemoved(try container.decode(CustomerRemoval.self, forKey: .payload))
        }
    }

    func encode(into container: inout KeyedEncodingContainer<Keys>) throws {
        try container.encode(kind, forKey: .kind)
        switch self {
        case .qualification(let v): try container.encode(v, forKey: .payload)
        case .status(let v): try container.encode(v, forKey: .payload)
        case .customer(let v): try container.encode(v, forKey: .payload)
        case .contact(let v): try container.encode(v, forKey: .payload)
        case .item(let v): try container.encode(v, forKey: .payload)
        case .customerRemoved(let v): try container.encode(v, forKey: .payload)
        }
    }
}

/// Payload of `customer.remove`: the customer left the caller's scope.
public struct CustomerRemoval: Codable, Hashable, Sendable {
    public var customerID: UUID
    public var reason: String

    public init(customerID: UUID, reason: String) {
        self.customerID = customerID
        self.reason = reason
    }
}
