import DSOCharts
import DSOModel
import Foundation

extension DSOReport {
    /// The report for people: per currency, one line per month (oldest first) with the
    /// receivables, the sales and each DSO figure in days.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Days sales outstanding as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("No sales and nothing open.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            out.append(Style.bold.apply(section.currency.code, enabled: color))
            var table = Table(["month", "receiv.", "sales", "DSO", "count-back", "current", "overdue", "best", "ADD"],
                              alignments: [.left] + Array(repeating: .right, count: 8))
            for m in section.months {
                table.add([.init(m.month.description), .init(ReportNumber.compact(m.receivablesMinor, section.currency)),
                           .init(ReportNumber.compact(m.salesMinor, section.currency))]
                          + [m.standard, m.countBack, m.current, m.overdue, m.bestPossible, m.averageDaysDelinquent].map { .init(DSOReport.days($0)) })
            }
            out.append(table.render(width: width, color: color))
        }
        out.append("")
        out.append("In days. DSO: receivables / the month's sales × its days. Count-back: split")
        out.append("into current (not yet due) and overdue. Best and ADD: by the standard method.")
        return out.joined(separator: "\n")
    }

    static func days(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }

    /// Every month of every currency, exact decimal amounts, days with two decimals.
    public func csv() -> String {
        var rows = ["currency,month,end,days,receivables,not_due,sales,dso_standard,dso_count_back,dso_current,dso_overdue,best_possible,add"]
        for section in sections {
            for m in section.months {
                let money = [m.receivablesMinor, m.notDueMinor, m.salesMinor].map { Money(minor: $0, currency: section.currency).decimalString }
                let figures = [m.standard, m.countBack, m.current, m.overdue, m.bestPossible, m.averageDaysDelinquent]
                    .map { $0.map { String(format: "%.2f", $0) } ?? "" }
                rows.append(([section.currency.code, m.month.description, m.end.description, String(m.days)] + money + figures)
                    .joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
