import DSOCharts
import DSOModel
import Foundation

extension PaymentProfileReport {
    /// The report for people: customers per band, then the worst payers (`customers`: how many,
    /// `nil` for all).
    public func text(customers limit: Int? = 20, width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Payment profile as of \(asOf)\(filter.summary): invoices cleared \(since) to \(asOf)"]
        if lines.isEmpty {
            out.append("No invoice cleared in these six months.")
            return out.joined(separator: "\n")
        }
        out.append("")
        var bandsTable = Table(["average delay", "customers"], alignments: [.left, .right])
        for (index, label) in bandLabels.enumerated() {
            bandsTable.add([.init(label), .init(String(lines.filter { $0.band == index }.count))])
        }
        out.append(bandsTable.render(width: width, color: color))
        out.append("")
        let shown = lines.prefix(limit ?? lines.count)
        out.append(shown.count < lines.count ? "Slowest payers (\(shown.count) of \(lines.count); --all for every one)" : "By customer")
        var table = Table(["customer", "collector", "cur", "invoices", "paid", "delay", "band"],
                          alignments: [.left, .left, .left, .right, .right, .right, .left], flexible: [0])
        for line in shown {
            table.add([.init("\(line.customer) \(line.name)"), .init(line.collector ?? "-"), .init(line.currency.code),
                       .init(String(line.invoices)), .init(ReportNumber.compact(line.paidMinor, line.currency)),
                       .init(String(format: "%.1f d", line.averageDelay), line.band == bands.count ? .red : nil), .init(bandLabels[line.band])])
        }
        out.append(table.render(width: width, color: color))
        return out.joined(separator: "\n")
    }

    /// Every customer, exact amounts, delays with two decimals.
    public func csv() -> String {
        var rows = ["customer,name,collector,currency,invoices,paid,average_delay_days,band"]
        for line in lines {
            rows.append([line.customer, line.name, line.collector ?? "", line.currency.code, String(line.invoices),
                         Money(minor: line.paidMinor, currency: line.currency).decimalString, String(format: "%.2f", line.averageDelay),
                         bandLabels[line.band]].map(CSVField.escape).joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
