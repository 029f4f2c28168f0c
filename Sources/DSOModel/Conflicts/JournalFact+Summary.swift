import Foundation

extension Qualification {
    /// What it says, in a few words: `promise_to_pay on 2 item(s): Pays Friday`.
    public var summary: String { "\(statusCode) on \(itemIDs.count) item(s): \(comment)" }
}

extension ActionEvent {
    /// What it says, in a few words: `created call phone on 2026-11-24`.
    public var summary: String {
        "\(kind.rawValue) \(actionKind?.rawValue ?? "action") \(channel?.rawValue ?? "")".trimmingCharacters(in: .whitespaces)
            + " on \(date)"
    }
}

extension ContactEdit {
    /// What it says, in a few words: `phone = +33 1 23 45 67 89`, `new contact Ana Silva`.
    public var summary: String {
        kind == .added ? "new contact \(contact?.name ?? "")" : "\(field?.rawValue ?? "field") = \(value ?? "(cleared)")"
    }
}
