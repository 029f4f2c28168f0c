import DSOModel
import Foundation

/// The payload of a change, typed by its kind.
public enum ChangeBody: Hashable, Sendable {
    case qualification(Qualification)
    case actionEvent(ActionEvent)
    case contactEdit(ContactEdit)
    case status(Status)
    case customer(Customer)
    case contact(Contact)
    case item(OpenItem)
    case customerRemoved(CustomerRemoval)
    case scenario(Scenario)
    case settings(CollectionSettings)
    case payment(Payment)
    case user(UserProfile)
    case rates(ExchangeRates)
    case conflict(Conflict)
    case conflictResolution(ConflictResolution)
    /// A pulled change of a kind this version does not know (a newer server's additive kind).
    /// Receivers skip it; it is never pushed.
    case unknown(String)

    public var kind: ChangeKind {
        switch self {
        case .qualification: .qualificationAdd
        case .actionEvent: .actionEvent
        case .contactEdit: .contactEdit
        case .status: .statusUpsert
        case .customer: .customerUpsert
        case .contact: .contactUpsert
        case .item: .itemUpsert
        case .customerRemoved: .customerRemove
        case .scenario: .scenarioUpsert
        case .settings: .settingsUpsert
        case .payment: .paymentAdd
        case .user: .userUpsert
        case .rates: .ratesUpsert
        case .conflict: .conflictAdd
        case .conflictResolution: .conflictResolve
        case .unknown: .unknown
        }
    }

    /// The fact's own id and HLC, for journal kinds (a change carrying it must use the same).
    public var factIdentity: (id: UUID, hlc: HLC)? {
        switch self {
        case .qualification(let q): (q.id, q.hlc)
        case .actionEvent(let e): (e.id, e.hlc)
        case .contactEdit(let e): (e.id, e.hlc)
        case .conflictResolution(let r): (r.id, r.hlc)
        default: nil
        }
    }

    /// The customer the change belongs to (`nil` for catalogue entries).
    public var customerID: UUID? {
        switch self {
        case .qualification(let q): q.customerID
        case .actionEvent(let e): e.customerID
        case .contactEdit(let e): e.customerID
        case .status: nil
        case .customer(let c): c.id
        case .contact(let c): c.customerID
        case .item(let i): i.customerID
        case .customerRemoved(let r): r.customerID
        case .payment(let p): p.customerID
        case .conflict(let c): c.customerID
        case .conflictResolution(let r): r.customerID
        case .scenario, .settings, .user, .rates, .unknown: nil
        }
    }

    /// The payload alone, as compact wire JSON (what servers store and splice into pull pages).
    public func payloadJSON() throws -> String {
        switch self {
        case .qualification(let v): try v.wireJSON()
        case .actionEvent(let v): try v.wireJSON()
        case .contactEdit(let v): try v.wireJSON()
        case .status(let v): try v.wireJSON()
        case .customer(let v): try v.wireJSON()
        case .contact(let v): try v.wireJSON()
        case .item(let v): try v.wireJSON()
        case .customerRemoved(let v): try v.wireJSON()
        case .scenario(let v): try v.wireJSON()
        case .settings(let v): try v.wireJSON()
        case .payment(let v): try v.wireJSON()
        case .user(let v): try v.wireJSON()
        case .rates(let v): try v.wireJSON()
        case .conflict(let v): try v.wireJSON()
        case .conflictResolution(let v): try v.wireJSON()
        case .unknown: "{}"
        }
    }

    enum Keys: String, CodingKey { case kind, payload }

    static func decode(from container: KeyedDecodingContainer<Keys>) throws -> ChangeBody {
        let raw = try container.decode(String.self, forKey: .kind)
        guard let kind = ChangeKind(rawValue: raw), kind != .unknown else {
            throw UnknownChangeKind(kind: raw, codingPath: container.codingPath.map(\.stringValue).joined(separator: "."))
        }
        switch kind {
        case .qualificationAdd: return .qualification(try container.decode(Qualification.self, forKey: .payload))
        case .actionEvent: return .actionEvent(try container.decode(ActionEvent.self, forKey: .payload))
        case .contactEdit: return .contactEdit(try container.decode(ContactEdit.self, forKey: .payload))
        case .scenarioUpsert: return .scenario(try container.decode(Scenario.self, forKey: .payload))
        case .settingsUpsert: return .settings(try container.decode(CollectionSettings.self, forKey: .payload))
        case .paymentAdd: return .payment(try container.decode(Payment.self, forKey: .payload))
        case .userUpsert: return .user(try container.decode(UserProfile.self, forKey: .payload))
        case .ratesUpsert: return .rates(try container.decode(ExchangeRates.self, forKey: .payload))
        case .conflictAdd: return .conflict(try container.decode(Conflict.self, forKey: .payload))
        case .conflictResolve: return .conflictResolution(try container.decode(ConflictResolution.self, forKey: .payload))
        case .unknown: return .unknown(raw)
        case .statusUpsert: return .status(try container.decode(Status.self, forKey: .payload))
        case .customerUpsert: return .customer(try container.decode(Customer.self, forKey: .payload))
        case .contactUpsert: return .contact(try container.decode(Contact.self, forKey: .payload))
        case .itemUpsert: return .item(try container.decode(OpenItem.self, forKey: .payload))
        case .customerRemove: return .customerRemoved(try container.decode(CustomerRemoval.self, forKey: .payload))
        }
    }

    func encode(into container: inout KeyedEncodingContainer<Keys>) throws {
        if case .unknown = self {} else { try container.encode(kind, forKey: .kind) }
        switch self {
        case .qualification(let v): try container.encode(v, forKey: .payload)
        case .actionEvent(let v): try container.encode(v, forKey: .payload)
        case .contactEdit(let v): try container.encode(v, forKey: .payload)
        case .status(let v): try container.encode(v, forKey: .payload)
        case .customer(let v): try container.encode(v, forKey: .payload)
        case .contact(let v): try container.encode(v, forKey: .payload)
        case .item(let v): try container.encode(v, forKey: .payload)
        case .customerRemoved(let v): try container.encode(v, forKey: .payload)
        case .scenario(let v): try container.encode(v, forKey: .payload)
        case .settings(let v): try container.encode(v, forKey: .payload)
        case .payment(let v): try container.encode(v, forKey: .payload)
        case .user(let v): try container.encode(v, forKey: .payload)
        case .rates(let v): try container.encode(v, forKey: .payload)
        case .conflict(let v): try container.encode(v, forKey: .payload)
        case .conflictResolution(let v): try container.encode(v, forKey: .payload)
        case .unknown(let kind):
            try container.encode(kind, forKey: .kind)
            try container.encode([String: String](), forKey: .payload)
            return
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
