import DSOModel

extension ReportFilter {
    /// ` — collector alice, EUR only`, or nothing for the whole scope.
    public var summary: String {
        var parts: [String] = []
        if let collector { parts.append("collector \(collector)") }
        if let customer { parts.append("customer \(customer)") }
        if let currency { parts.append("\(currency) only") }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")
    }
}
