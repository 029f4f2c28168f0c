import DSOModel
import DSOSync
import DSOTerminal
import Foundation

/// How `--audit` shows provenance: who wrote a fact, on which replica, when, under which server
/// sequence and when the server received it (lines that fit 80 columns).
enum AuditText {
    static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: " UTC")
    }

    /// Two lines: the author, replica and time written; the HLC, sequence and receive time.
    static func lines(_ author: String, replica: UUID, hlc: HLC, seq: Int64?, receivedAt: Date?, state: SyncState,
                      indent: String) -> [String] {
        let received: String = switch state {
        case .pending: "not yet synced"
        case .rejected: "refused by the server"
        case .accepted: receivedAt.map { "received \(stamp($0))" } ?? "receive time not known here"
        }
        return ["\(indent)by \(author) on replica \(Replica.short(replica)), written \(stamp(hlc.date))",
                "\(indent)HLC \(hlc)\(seq.map { ", seq \($0)" } ?? ""), \(received)"]
    }

    static func lines(_ p: Provenance, indent: String) -> [String] {
        lines(p.author, replica: p.replicaID, hlc: p.hlc, seq: p.seq, receivedAt: p.receivedAt, state: p.state, indent: indent)
    }

    /// `dso history ITEM --audit`: one block per qualification, in precedence order.
    static func history(_ entries: [HistoryEntry]) -> [String] {
        var out: [String] = []
        let numbers = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.qualification.id, $0.offset + 1) })
        for (index, entry) in entries.enumerated() {
            let q = entry.qualification
            var head = "\(index + 1). \(entry.statusName ?? q.statusCode) (\(q.statusCode)), \(q.statusDate)"
            if entry.isCurrent { head += "  [current]" }
            out.append(head)
            if !q.comment.isEmpty { out.append("   \"\(q.comment)\"") }
            out += lines(q.author, replica: q.replicaID, hlc: q.hlc, seq: entry.seq, receivedAt: entry.receivedAt, state: entry.state,
                         indent: "   ")
            if let code = entry.rejectionCode { out.append("   rejected: \(code)") }
            if let by = entry.overriddenBy {
                out.append("   overridden by \(numbers[by].map { "\($0). " } ?? "")(\(Replica.short(by)))")
            }
        }
        return out
    }

    /// The sections `dso customer CODE --audit` adds to the statement.
    static func customer(_ audit: CustomerAudit) -> [String] {
        var out: [String] = []
        if !audit.contactFields.isEmpty {
            out += ["", "Contact fields set in the field"]
            for f in audit.contactFields {
                out.append("  \(f.contactName) · \(f.field.rawValue) = \(f.value ?? "(cleared)")")
                if let p = f.setBy { out += lines(p, indent: "     ") }
                for loser in f.overridden {
                    out.append("     was \(loser.summary.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"), "
                               + "overridden by \(loser.overriddenBy.map(Replica.short) ?? "?")")
                    out += lines(loser, indent: "       ")
                }
            }
        }
        if !audit.qualifications.isEmpty {
            out += ["", "Qualifications (precedence order)"]
            for p in audit.qualifications {
                out.append("  \(Replica.short(p.factID))  \(p.summary)")
                out += lines(p, indent: "     ")
            }
        }
        if !audit.actionEvents.isEmpty {
            out += ["", "Action events (precedence order)"]
            for p in audit.actionEvents {
                out.append("  \(Replica.short(p.factID))  \(p.summary)")
                out += lines(p, indent: "     ")
            }
        }
        if !audit.conflicts.isEmpty {
            out += ["", "Conflicts"]
            for c in audit.conflicts {
                out.append("  \(ConflictText.short(c.id))  \(c.conflict.kind.rawValue), \(c.state) (`dso conflicts show \(ConflictText.short(c.id))`)")
            }
        }
        return out
    }
}
