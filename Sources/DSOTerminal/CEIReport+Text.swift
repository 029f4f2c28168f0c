import DSOCharts
import DSOModel
import Foundation

extension CEIReport {
    /// The report for people: per currency, the index over the period with its terms, then each
    /// month of the period as its own one-month period.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Collection effectiveness index as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("No sales and nothing open.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            let p = section.period, c = section.currency
            out.append("")
            out.append(Style.bold.apply("\(c): CEI \(CEIReport.percent(p.index)) over \(p.from) to \(p.to)", enabled: color))
            out.append("  opening \(ReportNumber.compact(p.openingMinor, c)), average monthly sales "
                       + "\(ReportNumber.compact(Int64(p.averageSalesMinor.rounded()), c)), closing \(ReportNumber.compact(p.closingMinor, c))"
                       + " of which not yet due \(ReportNumber.compact(p.closingCurrentMinor, c))")
            var table = Table(["month", "opening", "sales", "closing", "not due", "CEI"], alignments: [.left] + Array(repeating: .right, count: 5))
            for m in section.months {
                table.add([.init(m.from.description), .init(ReportNumber.compact(m.openingMinor, c)),
                           .init(ReportNumber.compact(Int64(m.averageSalesMinor.rounded()), c)), .init(ReportNumber.compact(m.closingMinor, c)),
                           .init(ReportNumber.compact(m.closingCurrentMinor, c)), .init(CEIReport.percent(m.index))])
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    static func percent(_ value: Double?) -> String { value.map(ReportNumber.percent) ?? "-" }

    /// The period and each month, per currency, exact decimal amounts.
    public func csv() -> String {
        var rows = ["currency,level,from,to,opening,average_sales,closing,closing_not_due,cei_percent"]
        for section in sections {
            for (level, p) in [("period", section.period)] + section.months.map({ ("month", $0) }) {
                let money = { (minor: Int64) in Money(minor: minor, currency: section.currency).decimalString }
                rows.append([section.currency.code, level, p.from.description, p.to.description, money(p.openingMinor),
                             money(Int64(p.averageSalesMinor.rounded())), money(p.closingMinor), money(p.closingCurrentMinor),
                             p.index.map { String(format: "%.2f", $0) } ?? ""].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
