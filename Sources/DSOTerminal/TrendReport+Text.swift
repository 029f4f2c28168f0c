import DSOCharts
import DSOModel
import Foundation

extension TrendReport {
    /// The report for people: per currency, a sparkline of the overdue rate, then each period's
    /// open amount, overdue and the rates of each threshold.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Overdue trend by \(step.rawValue) as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("Nothing open.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            let rates = section.points.map { $0.rates[0] }
            out.append(Style.bold.apply("\(section.currency): overdue rate \(ReportNumber.sparkline(rates))", enabled: color))
            var table = Table(["period", "end", "open", "overdue", "rate", "30+", "60+", "90+"],
                              alignments: [.left, .left] + Array(repeating: .right, count: 6))
            for p in section.points {
                table.add([.init(p.label), .init(p.end.description), .init(ReportNumber.compact(p.openMinor, section.currency)),
                           .init(ReportNumber.compact(p.overdueMinor[0], section.currency))]
                          + p.rates.map { .init($0.map(ReportNumber.percent) ?? "-") })
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    /// Every period, exact amounts and rates with two decimals.
    public func csv() -> String {
        var rows = ["currency,period,end,open,overdue,overdue_30,overdue_60,overdue_90,rate,rate_30,rate_60,rate_90"]
        for section in sections {
            for p in section.points {
                let money = ([p.openMinor] + p.overdueMinor).map { Money(minor: $0, currency: section.currency).decimalString }
                let rates = p.rates.map { $0.map { String(format: "%.2f", $0) } ?? "" }
                rows.append(([section.currency.code, p.label, p.end.description] + money + rates).joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

extension ReceiptsReport {
    /// The report for people: per currency, each period's cash with a bar.
    public func text(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Cash received by \(step.rawValue) as of \(asOf)\(filter.summary)"]
        if sections.isEmpty {
            out.append("Nothing received in these periods.")
            return out.joined(separator: "\n")
        }
        for section in sections {
            out.append("")
            out.append(Style.bold.apply("\(section.currency): \(ReportNumber.compact(section.totalMinor, section.currency)) received",
                                        enabled: color))
            let largest = section.periods.map { $0.totalMinor.magnitude }.max() ?? 0
            var table = Table(["period", "payments", "clearings", "total", "items", ""], alignments: [.left, .right, .right, .right, .right, .left])
            for p in section.periods {
                table.add([.init(p.label), .init(ReportNumber.compact(p.paymentsMinor, section.currency)),
                           .init(ReportNumber.compact(p.clearingsMinor, section.currency)), .init(ReportNumber.compact(p.totalMinor, section.currency)),
                           .init(String(p.count)), .init(ReportNumber.bar(p.totalMinor.magnitude, of: largest, width: 24))])
            }
            out.append(table.render(width: width, color: color))
        }
        return out.joined(separator: "\n")
    }

    /// Every period, exact amounts.
    public func csv() -> String {
        var rows = ["currency,period,first,last,payments,clearings,total,items"]
        for section in sections {
            for p in section.periods {
                let money = [p.paymentsMinor, p.clearingsMinor, p.totalMinor].map { Money(minor: $0, currency: section.currency).decimalString }
                rows.append(([section.currency.code, p.label, p.first.description, p.last.description] + money + [String(p.count)])
                    .joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
