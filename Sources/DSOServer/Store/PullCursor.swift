import Foundation

/// Where a pull stands. Opaque to clients: base64url of `v1:<server id>:log:<seq>` or
/// `v1:<server id>:snap:<high-water seq>:<phase>:<last key>`. The server id makes a cursor
/// from another store (a reset or a restored backup) fail loudly instead of skipping changes.
enum PullCursor: Equatable {
    /// Streaming the scope's current rows, table by table, as of log position `highWater`.
    case snapshot(highWater: Int64, phase: SnapshotPhase, after: String)
    /// Streaming the log after `seq`.
    case log(after: Int64)

    func token(server: UUID) -> String {
        let text: String
        switch self {
        case .snapshot(let hw, let phase, let after): text = "v1:\(server.uuidString):snap:\(hw):\(phase.rawValue):\(after)"
        case .log(let seq): text = "v1:\(server.uuidString):log:\(seq)"
        }
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Parses a token this server (`server`) issued; `nil` for anything else.
    init?(token: String, server: UUID) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard token.count <= 512, let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "v1", parts[1] == server.uuidString else { return nil }
        switch parts[2] {
        case "log" where parts.count == 4:
            guard let seq = Int64(parts[3]), seq >= 0 else { return nil }
            self = .log(after: seq)
        case "snap" where parts.count == 6:
            guard let hw = Int64(parts[3]), hw >= 0, let p = Int(parts[4]), let phase = SnapshotPhase(rawValue: p) else { return nil }
            self = .snapshot(highWater: hw, phase: phase, after: String(parts[5]))
        default:
            return nil
        }
    }
}

/// The tables a snapshot streams, in order.
enum SnapshotPhase: Int, CaseIterable {
    case statuses, customers, contacts, items, qualifications, actionEvents, scenarios, settings, payments, contactEdits

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
        }
    }

    var key: String {
        switch self {
        case .statuses, .scenarios: "code"
        case .settings: "key"
        default: "id"
        }
    }

    /// The SQL condition restricting a collector's rows (`?` = login), or `nil` when unscoped.
    var scopeCondition: String? {
        switch self {
        case .statuses, .scenarios, .settings: nil
        case .customers: "collector = ?"
        default: "customer_id IN (SELECT id FROM customers WHERE collector = ?)"
        }
    }
}
