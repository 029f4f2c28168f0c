import DSOCharts
import DSOModel
import Foundation

extension ActivityReport {
    /// One line per collector (work in the period, late actions on the report date), then each
    /// replica's last sync, with how long ago; a replica silent for over 3 days in red.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled, now: Date = Date()) -> String {
        var out = ["Collector activity \(from) to \(asOf)\(filter.summary)"]
        if collectors.isEmpty {
            out.append("No customer.")
        } else {
            var table = Table(["collector", "customers", "done", "late", "qualified", "promises", "disp. opened", "closed"],
                              alignments: [.left] + Array(repeating: .right, count: 7), flexible: [0])
            for row in collectors {
                table.add([.init(row.collector ?? "(none)"), .init(String(row.customers)), .init(String(row.actionsDone)),
                           .init(String(row.lateActions), row.lateActions > 0 ? .red : nil), .init(String(row.qualifications)),
                           .init(String(row.promises)), .init(String(row.disputesOpened)), .init(String(row.disputesClosed))])
            }
            out.append("")
            out.append(table.render(width: width, color: color))
        }
        if !replicas.isEmpty {
            var table = Table(["login", "replica", "last push", "last caught up", "ago"], alignments: [.left, .left, .left, .left, .right])
            for replica in replicas {
                let age = replica.lastSync.map { now.timeIntervalSince($0) }
                table.add([.init(replica.login), .init(String(replica.replicaID.uuidString.prefix(8)).lowercased()),
                           .init(replica.lastPush.map(ActivityReport.minute) ?? "-"), .init(replica.lastPull.map(ActivityReport.minute) ?? "-"),
                           .init(age.map(ActivityReport.ago) ?? "never", (age ?? .infinity) > 3 * 86_400 ? .red : nil)])
            }
            out.append("")
            out.append(Style.bold.apply("Last sync of each replica", enabled: color))
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    /// `2026-11-23 07:04` (UTC).
    static func minute(_ date: Date) -> String {
        String(date.ISO8601Format().prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `45 s`, `12 min`, `5 h`, `3 d`.
    static func ago(_ seconds: TimeInterval) -> String {
        switch max(0, seconds) {
        case ..<60: "\(Int(seconds)) s"
        case ..<3_600: "\(Int(seconds / 60)) min"
        case ..<172_800: "\(Int(seconds / 3_600)) h"
        default: "\(Int(seconds / 86_400)) d"
        }
    }

    /// One line per collector, then one per replica (`section` tells them apart).
    public func csv() -> String {
        var rows = ["section,collector,customers,actions_done,late_actions,qualifications,promises,disputes_opened,disputes_closed,replica,last_push,last_pull"]
        for row in collectors {
            rows.append((["collector", row.collector ?? ""] + [row.customers, row.actionsDone, row.lateActions, row.qualifications, row.promises,
                                                               row.disputesOpened, row.disputesClosed].map(String.init) + ["", "", ""])
                .map(CSVField.escape).joined(separator: ","))
        }
        for replica in replicas {
            rows.append((["replica", replica.login] + Array(repeating: "", count: 7)
                         + [replica.replicaID.uuidString.lowercased(), replica.lastPush.map { $0.ISO8601Format() } ?? "",
                            replica.lastPull.map { $0.ISO8601Format() } ?? ""]).map(CSVField.escape).joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
