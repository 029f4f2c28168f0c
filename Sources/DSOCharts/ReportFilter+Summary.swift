import DSOModel

extension ReportFilter {
    /// ` — collector alice, EUR only` (or `in EUR at the rates of GBP 2026-11-20, USD 2026-11-20`),
    /// or nothing for the whole scope.
    public var summary: String {
        var parts: [String] = []
        if let collector { parts.append("collector \(collector)") }
        if let customer { parts.append("customer \(customer)") }
        if let currency { parts.append("\(currency) only") }
        if let conversion {
            let quotes = conversion.used.compactMap { used in used.quoteDate.map { "\(used.currency) \($0)" } }
            parts.append("in \(conversion.target)" + (quotes.isEmpty ? "" : " at the rates of " + quotes.joined(separator: ", ")))
        } else if let convertedTo {
            parts.append("in \(convertedTo)")
        }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")
    }
}
