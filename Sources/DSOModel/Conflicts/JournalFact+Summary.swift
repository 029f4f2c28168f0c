import Foundation

extension Qualification {
    /// What it says, in a few words: `promise_to_pay on 2 item(s): Pays Friday`.
    public var summary: String { "\(statusCode) on \(itemIDs.count) item(s): \(comment)" }
}

extension ActionEvent {
    /// What it says, in a few words: `visit logged on 2026-12-03 (reached): Met the owner`,
    /// `call planned for 2026-12-10`, `moved to 2026-12-12`.
    public var summary: String {
        let what = switch kind {
        case .created where outcome != nil: "\(channel?.rawValue ?? "action") logged on \(date) (\(outcome!.rawValue))"
        case .created: "\(channel?.rawValue ?? "action") planned for \(date)"
        case .rescheduled: "moved to \(date)"
        case .done: "done on \(date)" + (outcome.map { " (\($0.rawValue))" } ?? "")
        case .cancelled: "cancelled on \(date)"
        }
        return what + (note.map { ": \($0)" } ?? "")
    }
}

extension ContactEdit {
    /// What it says, in a few words: `phone = +33 1 23 45 67 89`, `new contact Ana Silva`.
    public var summary: String {
        kind == .added ? "new contact \(contact?.name ?? "")" : "\(field?.rawValue ?? "field") = \(value ?? "(cleared)")"
    }
}
