/// The tables a snapshot streams, in order.
enum SnapshotPhase: Int, CaseIterable {
    case statuses, customers, contacts, items, qualifications, actionEvents, scenarios, settings, payments, contactEdits, users

    var next: SnapshotPhase? { SnapshotPhase(rawValue: rawValue + 1) }

    var kind: String {
        switch self {
        case .statuses: "status.upsert"
        case .customers: "customer.upsert"
        case .contacts: "contact.upsert"
        case .items: "item.upsert"
        case .qualifications: "qualification.add"
        case .actionEvents: "action.event"
        case .scenarios: "scenario.upsert"
        case .settings: "settings.upsert"
        case .payments: "payment.add"
        case .contactEdits: "contact.edit"
        case .users: "user.upsert"
        }
    }

    var table: String {
        switch self {
        case .statuses: "statuses"
        case .customers: "customers"
        case .contacts: "contacts"
        case .items: "items"
        case .qualifications: "qualifications"
        case .actionEvents: "action_events"
        case .scenarios: "scenarios"
        case .settings: "settings"
        case .payments: "payments"
        case .contactEdits: "contact_edits"
        case .users: "users"
        }
    }

    var key: String {
        switch self {
        case .statuses, .scenarios: "code"
        case .settings: "key"
        case .users: "login"
        default: "id"
        }
    }

    /// The SQL condition restricting a collector's rows (`?` = login), or `nil` when unscoped.
    var scopeCondition: String? {
        switch self {
        case .statuses, .scenarios, .settings, .users: nil
        case .customers: "collector = ?"
        default: "customer_id IN (SELECT id FROM customers WHERE collector = ?)"
        }
    }
}
