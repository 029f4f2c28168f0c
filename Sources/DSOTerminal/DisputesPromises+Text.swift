import DSOCharts
import DSOModel
import Foundation

extension DisputesReport {
    /// Per currency, one line per dispute status: open and closed disputes, days to resolve,
    /// the oldest open one.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Disputes as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("No dispute.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            out.append(Style.bold.apply(section.currency.code, enabled: color))
            var table = Table(["dispute status", "open", "amount", "closed", "amount", "mean d", "median d", "oldest"],
                              alignments: [.left] + Array(repeating: .right, count: 7), flexible: [0])
            for row in section.rows {
                table.add([.init(row.name), .init(String(row.openCount)), .init(ReportNumber.compact(row.openMinor, section.currency)),
                           .init(String(row.closedCount)), .init(ReportNumber.compact(row.closedMinor, section.currency)),
                           .init(row.meanDaysToResolve.map { String(format: "%.1f", $0) } ?? "-"),
                           .init(row.medianDaysToResolve.map { String(format: "%.1f", $0) } ?? "-"),
                           .init(row.oldestOpenDays.map { "\($0) d" } ?? "-", (row.oldestOpenDays ?? 0) > 30 ? .red : nil)])
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    public func csv() -> String {
        var rows = ["currency,status,name,open,open_amount,closed,closed_amount,mean_days_to_resolve,median_days_to_resolve,oldest_open_days"]
        for section in sections {
            for row in section.rows {
                let money = { (minor: Int64) in Money(minor: minor, currency: section.currency).decimalString }
                rows.append([section.currency.code, row.status, row.name, String(row.openCount), money(row.openMinor), String(row.closedCount),
                             money(row.closedMinor), row.meanDaysToResolve.map { String(format: "%.2f", $0) } ?? "",
                             row.medianDaysToResolve.map { String(format: "%.2f", $0) } ?? "", row.oldestOpenDays.map(String.init) ?? ""]
                    .map(CSVField.escape).joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

extension PromisesReport {
    /// Per currency: the promises due in the period by state, and the broken-promise rate.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Promises due \(from) to \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("No promise due in this period.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            let count = section.brokenRate.map(ReportNumber.percent) ?? "-", amount = section.unpaidRate.map(ReportNumber.percent) ?? "-"
            out.append(Style.bold.apply("\(section.currency): broken \(count) by count, unpaid \(amount) of the promised amount", enabled: color))
            var table = Table(["state", "promises", "promised", "unpaid"], alignments: [.left, .right, .right, .right])
            for (label, tally) in PromisesReport.states(section) {
                table.add([.init(label, label == "broken" && tally.count > 0 ? .red : nil), .init(String(tally.count)),
                           .init(ReportNumber.compact(tally.promisedMinor, section.currency)),
                           .init(ReportNumber.compact(tally.unpaidMinor, section.currency))])
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    static func states(_ section: Section) -> [(String, Tally)] {
        [("kept", section.kept), ("partially kept", section.partiallyKept), ("broken", section.broken), ("pending", section.pending)]
    }

    public func csv() -> String {
        var rows = ["currency,state,promises,promised,unpaid"]
        for section in sections {
            for (label, tally) in PromisesReport.states(section) {
                rows.append([section.currency.code, label.replacingOccurrences(of: " ", with: "_"), String(tally.count),
                             Money(minor: tally.promisedMinor, currency: section.currency).decimalString,
                             Money(minor: tally.unpaidMinor, currency: section.currency).decimalString].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
