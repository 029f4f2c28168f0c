import DSOModel

extension ReportFilter {
    /// ` — collector alice, EUR only` (or ` — in EUR (rates of 2026-11-02)`),
    /// or nothing for the whole scope.
    public var summary: String {
        var parts: [String] = []
        if let collector { parts.append("collector \(collector)") }
        if let customer { parts.append("customer \(customer)") }
        if let currency { parts.append("\(currency) only") }
        if let conversion {
            // One date for every quote (the usual case) is said once; otherwise per date.
            let byDate = Dictionary(grouping: conversion.used.filter { $0.quoteDate != nil }) { $0.quoteDate! }
            let dates = byDate.keys.sorted()
            let rates = dates.count == 1 ? "rates of \(dates[0])"
                : "rates: " + dates.map { date in byDate[date]!.map(\.currency.code).sorted().joined(separator: ", ") + " \(date)" }.joined(separator: "; ")
            parts.append("in \(conversion.target)" + (dates.isEmpty ? "" : " (\(rates))"))
        } else if let convertedTo {
            parts.append("in \(convertedTo)")
        }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")
    }
}
