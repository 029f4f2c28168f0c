import DSOModel
import Foundation

/// How a person reads the conflict inbox, on the replica and on the server alike.
public enum ConflictText {
    /// The 8 characters the lists show: the random end of the UUIDv7.
    public static func short(_ id: UUID) -> String { String(id.uuidString.suffix(8)).lowercased() }

    static func kind(_ conflict: Conflict) -> String {
        switch conflict.kind {
        case .contactField: "contact"
        case .qualification: "status"
        case .refused: "refused"
        }
    }

    /// One line per conflict: id, kind, customer, addressee, state, and what it is about.
    public static func table(_ entries: [ConflictEntry], width: Int?) -> String {
        guard !entries.isEmpty else { return "No conflicts." }
        var table = Table(["id", "kind", "cust", "for", "state", "what"], flexible: [5, 2])
        for entry in entries {
            let c = entry.conflict
            table.add([.init(short(c.id)), .init(kind(c)), .init(c.customerCode), .init(c.addressee),
                       .init(entry.state, entry.isOpen ? .yellow : nil), .init(about(c))])
        }
        let open = entries.filter(\.isOpen).count
        return table.render(width: width) + "\n\(entries.count) conflict(s), \(open) open"
    }

    /// What a conflict is about, in a few words.
    static func about(_ c: Conflict) -> String {
        switch c.kind {
        case .contactField:
            "\(c.field?.rawValue ?? "field"): lost to \(c.theirs?.author ?? "?") (\(c.theirs?.value ?? "cleared"))"
        case .qualification:
            "\(c.mine.value ?? "status"): lost to \(c.theirs?.author ?? "?") (\(c.theirs?.value ?? "?")), \(c.itemIDs?.count ?? 0) item(s)"
        case .refused:
            "\(c.code ?? "refused"): \(c.mine.summary)"
        }
    }

    /// Every detail of one conflict: both sides with their provenance, and the decision.
    public static func detail(_ entry: ConflictEntry) -> String {
        let c = entry.conflict
        var lines = ["Conflict \(short(c.id)) (\(c.id.uuidString.lowercased()))"]
        let what = switch c.kind {
        case .contactField: "concurrent edits of a contact's \(c.field?.rawValue ?? "field")"
        case .qualification: "concurrent qualifications of \(c.itemIDs?.count ?? 0) item(s)"
        case .refused: "work the server refused (\(c.code ?? "refused"))"
        }
        lines.append("Kind:      \(what)")
        lines.append("Customer:  \(c.customerCode)")
        lines.append("Found:     \(stamp(c.detectedAt))")
        lines.append("For:       \(c.addressee)")
        lines += side("Mine:", c.mine, lost: c.kind != .refused)
        if let theirs = c.theirs { lines += side("Theirs:", theirs, lost: false) }
        if let detail = c.detail { lines += wrap("Reason:    \(detail)") }
        if let r = entry.resolution {
            let pending = entry.resolvedSeq == nil ? " (not yet synced)" : ""
            lines.append("Decision:  \(entry.state) by \(r.author) at \(stamp(r.hlc.date))\(pending)")
            if let comment = r.comment { lines += wrap("           \"\(comment)\"") }
        } else {
            lines.append("Decision:  open — " + (c.kind == .refused
                ? (c.isAcceptable ? "the credit team may accept it, or dismiss it" : "dismiss it (and redo the work if it still applies)")
                : "keep mine, keep theirs, or dismiss"))
        }
        return lines.joined(separator: "\n")
    }

    static func side(_ label: String, _ s: ConflictSide, lost: Bool) -> [String] {
        let pad = label.padding(toLength: 11, withPad: " ", startingAt: 0)
        return wrap(pad + s.summary + (lost ? "  (lost)" : "")) + [
                "           by \(s.author), \(stamp(s.hlc.date)), replica \(short(s.replicaID))",
                "           \(s.factKind) \(short(s.factID)), HLC \(s.hlc)"]
    }

    /// A line cut at spaces to fit 80 columns, continued under an 11-column indent.
    /// (Every line of ``detail(_:)`` starts with an 11-column label, kept as it is.)
    static func wrap(_ line: String, width: Int = 80) -> [String] {
        let label = String(line.prefix(11))
        var lines: [String] = []
        var current = label
        for word in line.dropFirst(label.count).split(separator: " ") {
            if current.count > label.count, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(repeating: " ", count: 11) + word
            } else {
                current += (current.count > label.count ? " " : "") + word
            }
        }
        lines.append(current)
        return lines
    }

    static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: " UTC")
    }
}
