import DSOCharts
import DSOModel
import Foundation

extension ForecastReport {
    /// Per currency: each week's promised and expected cash with a bar, then what is off
    /// forecast, later, or excluded (litigation).
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Cash forecast by week from \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("Nothing open to forecast.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            let c = section.currency
            let inWeeks = section.weeks.reduce(0) { $0 + $1.totalMinor }
            out.append("")
            out.append(Style.bold.apply("\(c): \(ReportNumber.compact(inWeeks, c)) expected in \(section.weeks.count) weeks", enabled: color))
            let largest = section.weeks.map { $0.totalMinor.magnitude }.max() ?? 0
            var table = Table(["week of", "promised", "expected", "total", ""], alignments: [.left, .right, .right, .right, .left])
            for week in section.weeks {
                table.add([.init(week.first.description), .init(ReportNumber.compact(week.promisedMinor, c)),
                           .init(ReportNumber.compact(week.expectedMinor, c)), .init(ReportNumber.compact(week.totalMinor, c)),
                           .init(ReportNumber.bar(week.totalMinor.magnitude, of: largest, width: 30))])
            }
            out.append(table.render(width: width, color: color))
            out.append("  off forecast (expected date past, still open) \(ReportNumber.compact(section.offForecastMinor, c)); "
                       + "later \(ReportNumber.compact(section.laterMinor, c))")
            out.append("  litigation, not forecast \(ReportNumber.compact(section.litigationMinor, c))")
        }
        return out.joined(separator: "\n")
    }

    /// Every week, then the off-forecast, later and litigation amounts, per currency.
    public func csv() -> String {
        var rows = ["currency,line,first,last,promised,expected,total"]
        for section in sections {
            let money = { (minor: Int64) in Money(minor: minor, currency: section.currency).decimalString }
            for week in section.weeks {
                rows.append([section.currency.code, "week", week.first.description, week.last.description, money(week.promisedMinor),
                             money(week.expectedMinor), money(week.totalMinor)].joined(separator: ","))
            }
            for (line, minor) in [("off_forecast", section.offForecastMinor), ("later", section.laterMinor), ("litigation", section.litigationMinor)] {
                rows.append([section.currency.code, line, "", "", "", "", money(minor)].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
