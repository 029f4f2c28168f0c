import DSOModel

extension AgingReport: ChartableReport {
    /// Per currency, the open amount in each bucket (not due green to 91+ dark red).
    public var chart: Chart {
        Chart(title: "Aging balance as of \(asOf)\(filter.summary)", panels: totals.map { total in
            Chart.Panel(title: "\(total.currency): \(ReportNumber.compact(total.buckets.total, total.currency)) open"
                        + (total.buckets.overduePercent.map { ", \(ReportNumber.percent($0)) overdue" } ?? ""),
                        style: .bars, unit: .money(total.currency), categories: AgingBuckets.labels,
                        series: [Chart.Series(name: "open", values: total.buckets.minor.map(Double.init), color: Chart.Palette.blue)],
                        categoryColors: Chart.Palette.aging)
        })
    }
}

extension StatusReport: ChartableReport {
    /// Per currency, the overdue amount of each status; never qualified as `[none]`.
    public var chart: Chart {
        Chart(title: "Overdue by status as of \(asOf)\(filter.summary)", panels: sections.map { section in
            Chart.Panel(title: "\(section.currency): " + (section.qualifiedPercent.map { "\(ReportNumber.percent($0)) of the overdue qualified" } ?? "no overdue"),
                        style: .bars, unit: .money(section.currency), categories: section.byStatus.map { $0.name ?? $0.status ?? "[none]" },
                        series: [Chart.Series(name: "overdue", values: section.byStatus.map { Double($0.minor) }, color: Chart.Palette.amber)])
        })
    }
}

extension DSOReport: ChartableReport {
    /// Per currency, DSO month by month: standard, count-back and best possible.
    public var chart: Chart {
        Chart(title: "DSO by month to \(asOf)\(filter.summary)", panels: sections.map { section in
            let months = section.months
            return Chart.Panel(title: "\(section.currency)", style: .lines, unit: .days, categories: months.map(\.month.description), series: [
                Chart.Series(name: "standard", values: months.map(\.standard), color: Chart.Palette.blue),
                Chart.Series(name: "count-back", values: months.map(\.countBack), color: Chart.Palette.violet),
                Chart.Series(name: "best possible", values: months.map(\.bestPossible), color: Chart.Palette.green),
            ])
        })
    }
}

extension CEIReport: ChartableReport {
    /// Per currency, the index of each month.
    public var chart: Chart {
        Chart(title: "Collection effectiveness index to \(asOf)\(filter.summary)", panels: sections.map { section in
            Chart.Panel(title: "\(section.currency): " + (section.period.index.map { "\(ReportNumber.percent($0)) over the period" } ?? "no figure"),
                        style: .lines, unit: .percent, categories: section.months.map(\.to.description),
                        series: [Chart.Series(name: "CEI", values: section.months.map(\.index), color: Chart.Palette.blue)])
        })
    }
}

extension ReceiptsReport: ChartableReport {
    /// Per currency and period, payments and clearings stacked.
    public var chart: Chart {
        Chart(title: "Cash received by \(step) to \(asOf)\(filter.summary)", panels: sections.map { section in
            Chart.Panel(title: "\(section.currency): \(ReportNumber.compact(section.totalMinor, section.currency)) received",
                        style: .stackedBars, unit: .money(section.currency), categories: section.periods.map(\.label), series: [
                            Chart.Series(name: "payments", values: section.periods.map { Double($0.paymentsMinor) }, color: Chart.Palette.green),
                            Chart.Series(name: "clearings", values: section.periods.map { Double($0.clearingsMinor) }, color: Chart.Palette.blue),
                        ])
        })
    }
}

extension TrendReport: ChartableReport {
    /// Per currency, the overdue amount (all, 30+, 60+, 90+) at each period's end.
    public var chart: Chart {
        Chart(title: "Overdue trend by \(step) to \(asOf)\(filter.summary)", panels: sections.map { section in
            let names = ["overdue", "30+", "60+", "90+"], colors = [Chart.Palette.blue, Chart.Palette.amber, Chart.Palette.red, Chart.Palette.darkRed]
            return Chart.Panel(title: "\(section.currency)", style: .lines, unit: .money(section.currency), categories: section.points.map(\.label),
                               series: names.indices.map { i in
                                   Chart.Series(name: names[i], values: section.points.map { Double($0.overdueMinor[i]) }, color: colors[i])
                               })
        })
    }
}

extension ForecastReport: ChartableReport {
    /// Per currency and week (by its first day), promised and otherwise expected cash, stacked.
    public var chart: Chart {
        Chart(title: "Cash forecast from \(asOf)\(filter.summary)", panels: sections.map { section in
            Chart.Panel(title: "\(section.currency): off forecast \(ReportNumber.compact(section.offForecastMinor, section.currency))",
                        style: .stackedBars, unit: .money(section.currency), categories: section.weeks.map { String($0.first.description.dropFirst(5)) },
                        series: [
                            Chart.Series(name: "promised", values: section.weeks.map { Double($0.promisedMinor) }, color: Chart.Palette.green),
                            Chart.Series(name: "expected", values: section.weeks.map { Double($0.expectedMinor) }, color: Chart.Palette.blue),
                        ])
        })
    }
}

extension DisputesReport: ChartableReport {
    /// Per currency and dispute status, the amounts open and closed.
    public var chart: Chart {
        Chart(title: "Disputes as of \(asOf)\(filter.summary)", panels: sections.map { section in
            Chart.Panel(title: "\(section.currency)", style: .bars, unit: .money(section.currency), categories: section.rows.map(\.name), series: [
                Chart.Series(name: "open", values: section.rows.map { Double($0.openMinor) }, color: Chart.Palette.red),
                Chart.Series(name: "closed", values: section.rows.map { Double($0.closedMinor) }, color: Chart.Palette.slate),
            ])
        })
    }
}

extension PromisesReport: ChartableReport {
    /// Per currency, the promised and the unpaid amounts by state.
    public var chart: Chart {
        Chart(title: "Promises due \(from) to \(asOf)\(filter.summary)", panels: sections.map { section in
            let states = [("kept", section.kept), ("partially kept", section.partiallyKept), ("broken", section.broken), ("pending", section.pending)]
            return Chart.Panel(title: "\(section.currency): " + (section.brokenRate.map { "\(ReportNumber.percent($0)) broken" } ?? "none judged yet"),
                               style: .bars, unit: .money(section.currency), categories: states.map(\.0), series: [
                                   Chart.Series(name: "promised", values: states.map { Double($0.1.promisedMinor) }, color: Chart.Palette.blue),
                                   Chart.Series(name: "unpaid", values: states.map { Double($0.1.unpaidMinor) }, color: Chart.Palette.red),
                               ])
        })
    }
}

extension PaymentProfileReport: ChartableReport {
    /// Customers per band of average payment delay (a count: every currency together).
    public var chart: Chart {
        let counts = bandLabels.indices.map { band in Double(lines.filter { $0.band == band }.count) }
        return Chart(title: "Payment profile, \(since) to \(asOf)\(filter.summary)", panels: lines.isEmpty ? [] : [
            Chart.Panel(title: "Customers by average payment delay", style: .bars, unit: .count, categories: bandLabels,
                        series: [Chart.Series(name: "customers", values: counts, color: Chart.Palette.blue)],
                        categoryColors: [Chart.Palette.green, Chart.Palette.yellow, Chart.Palette.orange, Chart.Palette.red]),
        ])
    }
}

extension ActivityReport: ChartableReport {
    /// Per collector: actions done and late, qualifications, promises.
    public var chart: Chart {
        Chart(title: "Collector activity \(from) to \(asOf)\(filter.summary)", panels: collectors.isEmpty ? [] : [
            Chart.Panel(title: "Work in the period", style: .bars, unit: .count, categories: collectors.map { $0.collector ?? "(none)" }, series: [
                Chart.Series(name: "actions done", values: collectors.map { Double($0.actionsDone) }, color: Chart.Palette.green),
                Chart.Series(name: "late", values: collectors.map { Double($0.lateActions) }, color: Chart.Palette.red),
                Chart.Series(name: "qualifications", values: collectors.map { Double($0.qualifications) }, color: Chart.Palette.blue),
                Chart.Series(name: "promises", values: collectors.map { Double($0.promises) }, color: Chart.Palette.violet),
            ]),
        ])
    }
}
