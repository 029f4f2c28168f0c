/// The tables a snapshot streams, in order.
enum SnapshotPhase: Int, CaseIterable {
    case statuses, customers, contacts, items, qualifications, actionEvents, scenarios, settings, payments, contactEdits, users
    /// The conflict inbox: a collector's customers' conflicts and those addressed to her. Not in
    /// the version 2 file (whose schema is fixed): a file's cursor resumes here.
    case conflicts, conflictResolutions

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
        case .conflicts: "conflict.add"
        case .conflictResolutions: "conflict.resolve"
        }
    }

    /// The kind of the row keyed `key`: the settings table also holds the exchange rates.
    func kind(key: String) -> String {
        self == .settings && key == "rates" ? "rates.upsert" : kind
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
        case .conflicts: "conflicts"
        case .conflictResolutions: "conflict_resolutions"
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

    /// Whether its rows are facts, whose receive time a page carries (provenance).
    var carriesReceiveTime: Bool {
        switch self {
        case .qualifications, .actionEvents, .contactEdits, .conflicts, .conflictResolutions: true
        default: false
        }
    }

    /// Whether every row belongs to one customer (`customer_id`, indexed with `id`), so that a
    /// collector's rows are walked customer by customer.
    var isPerCustomer: Bool {
        switch self {
        case .statuses, .customers, .scenarios, .settings, .users, .conflicts, .conflictResolutions: false
        case .contacts, .items, .qualifications, .actionEvents, .payments, .contactEdits: true
        }
    }
}
