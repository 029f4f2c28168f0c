import DSOCharts
import DSOModel

extension AgingReport {
    /// The report for people: per currency, the buckets of the total with a bar chart; then the
    /// collectors; then the customers with the largest overdue (`customers`: how many, `nil` for
    /// all). Amounts are rounded for reading (`12.3k`, `1.24M`); `csv()` and JSON are exact.
    public func text(customers limit: Int? = 20, width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        var out = ["Aging balance as of \(asOf)\(filter.summary)"]
        if totals.isEmpty {
            out.append("Nothing open.")
            return out.joined(separator: "\n")
        }
        for total in totals {
            out.append("")
            let overdue = total.buckets.overduePercent.map { " — \(ReportNumber.percent($0)) overdue" } ?? ""
            out.append(Style.bold.apply("\(total.currency): \(ReportNumber.compact(total.buckets.total, total.currency)) open\(overdue)",
                                        enabled: color))
            let largest = total.buckets.minor.map(\.magnitude).max() ?? 0
            for (index, label) in AgingBuckets.labels.enumerated() {
                let amount = total.buckets.minor[index]
                let bar = ReportNumber.bar(amount.magnitude, of: largest, width: 36)
                let padded = label.padding(toLength: 8, withPad: " ", startingAt: 0)
                let figure = ReportNumber.compact(amount, total.currency)
                let styled = index == 0 ? bar : Style.red.apply(bar, enabled: color && amount > 0)
                out.append("  \(padded) \(String(repeating: " ", count: max(0, 8 - figure.count)))\(figure)  \(styled)")
            }
        }
        out.append("")
        out.append("By collector")
        out.append(lines(collectors, first: "collector", name: { $0.key ?? "(none)" }).render(width: width, color: color))
        // Per currency (amounts in different currencies do not compare), largest overdue first.
        var shown: [Line] = []
        for total in totals {
            // Each line's overdue worked out once, not at every comparison of the sort.
            let ranked = customers.indices.filter { customers[$0].currency == total.currency }
                .map { (overdue: customers[$0].buckets.overdue, index: $0) }
                .sorted { $0.overdue != $1.overdue ? $0.overdue > $1.overdue
                    : (customers[$0.index].key ?? "") < (customers[$1.index].key ?? "") }
            shown += ranked.prefix(limit ?? ranked.count).map { customers[$0.index] }
        }
        out.append("")
        if shown.count < customers.count {
            out.append("Customers with the largest overdue, per currency (\(shown.count) of \(customers.count) lines; --all for every one)")
        } else {
            out.append("By customer")
        }
        out.append(lines(shown, first: "customer", name: { "\($0.key ?? "") \($0.name ?? "")" }).render(width: width, color: color))
        return out.joined(separator: "\n")
    }

    private func lines(_ lines: [Line], first: String, name: (Line) -> String) -> Table {
        var table = Table([first, "cur"] + AgingBuckets.labels + ["total", "overdue"],
                          alignments: [.left, .left] + Array(repeating: .right, count: 7), flexible: [0])
        for line in lines {
            table.add([.init(name(line)), .init(line.currency.code)]
                      + line.buckets.minor.map { .init(ReportNumber.compact($0, line.currency)) }
                      + [.init(ReportNumber.compact(line.buckets.total, line.currency)),
                         .init(line.buckets.overduePercent.map(ReportNumber.percent) ?? "-")])
        }
        return table
    }

    /// Every line (totals, collectors, customers), exact decimal amounts, for spreadsheets.
    public func csv() -> String {
        var rows = ["level,key,name,collector,currency,not_due,days_1_30,days_31_60,days_61_90,days_91_plus,total,overdue,overdue_percent"]
        func add(_ level: String, _ line: Line) {
            let amounts = (line.buckets.minor + [line.buckets.total, line.buckets.overdue])
                .map { Money(minor: $0, currency: line.currency).decimalString }
            rows.append(([level, line.key ?? "", line.name ?? "", line.collector ?? "", line.currency.code] + amounts
                         + [line.buckets.overduePercent.map { String(format: "%.2f", $0) } ?? ""]).map(CSVField.escape).joined(separator: ","))
        }
        for line in totals { add("total", line) }
        for line in collectors { add("collector", line) }
        for line in customers { add("customer", line) }
        return rows.joined(separator: "\n") + "\n"
    }
}
