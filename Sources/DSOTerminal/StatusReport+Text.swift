import DSOCharts
import DSOModel
import Foundation

extension StatusReport {
    /// The report for people: per currency, the overdue and the % qualified, then the overdue by
    /// status type and by status with each one's share. Amounts rounded (`csv()` and JSON are exact).
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Overdue by status as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("Nothing overdue.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            let byAmount = section.qualifiedPercent.map(ReportNumber.percent) ?? "-"
            let byCount = section.qualifiedCountPercent.map(ReportNumber.percent) ?? "-"
            out.append(Style.bold.apply("\(section.currency): \(ReportNumber.compact(section.overdueMinor, section.currency)) overdue in "
                                        + "\(section.overdueCount) items — \(byAmount) qualified by amount, \(byCount) by count", enabled: color))
            var table = Table(["type / status", "name", "amount", "items", "share"], alignments: [.left, .left, .right, .right, .right],
                              flexible: [1])
            for row in section.byType {
                table.add(cells(row, key: row.type.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "[none]", in: section))
            }
            for row in section.byStatus {
                table.add(cells(row, key: "  " + (row.status ?? "[none]"), in: section))
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    private func cells(_ row: Row, key: String, in section: Section) -> [Table.Cell] {
        let share = section.overdueMinor == 0 ? "-" : ReportNumber.percent(Double(row.minor) / Double(section.overdueMinor) * 100)
        return [.init(key, row.type == nil ? .red : nil), .init(row.name ?? ""), .init(ReportNumber.compact(row.minor, section.currency)),
                .init(String(row.count)), .init(share)]
    }

    /// Every line, exact decimal amounts, for spreadsheets: one `overdue` and one `qualified`
    /// line per currency, then its types and statuses.
    public func csv() -> String {
        var rows = ["currency,level,key,name,type,amount,items,share_percent"]
        for section in sections {
            func add(_ level: String, _ key: String, _ name: String, _ type: String, _ minor: Int64, _ count: Int) {
                let share = section.overdueMinor == 0 ? "" : String(format: "%.2f", Double(minor) / Double(section.overdueMinor) * 100)
                rows.append([section.currency.code, level, key, name, type, Money(minor: minor, currency: section.currency).decimalString,
                             String(count), share].map(CSVField.escape).joined(separator: ","))
            }
            add("overdue", "", "", "", section.overdueMinor, section.overdueCount)
            add("qualified", "", "", "", section.qualifiedMinor, section.qualifiedCount)
            for row in section.byType { add("type", row.type?.rawValue ?? "[none]", "", row.type?.rawValue ?? "", row.minor, row.count) }
            for row in section.byStatus {
                add("status", row.status ?? "[none]", row.name ?? "", row.type?.rawValue ?? "", row.minor, row.count)
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
