import Foundation

/// One line of the benchmark table: a figure, its baseline from the same run, and the target.
struct Measurement: Codable {
    var name: String
    var value: Double
    var unit: String
    var baseline: String?
    var baselineValue: Double?
    var target: String
    var met: Bool?
    var detail: String?

    /// `value / baselineValue`, for times (how many times slower than the baseline).
    var ratio: Double? { baselineValue.map { value / $0 } }
}

/// Times: the median of runs, in seconds.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

extension Double {
    func fixed(_ digits: Int) -> String { String(format: "%.\(digits)f", self) }
}

enum Report {
    /// A Markdown table (what BENCHMARKS.md keeps).
    static func markdown(_ rows: [Measurement]) -> String {
        var lines = ["| benchmark | measured | baseline (same run) | ratio | target | met |", "|---|---|---|---|---|---|"]
        for row in rows {
            let value = row.unit == "rows/s" || row.unit == "changes/s" ? "\(Int(row.value)) \(row.unit)" : "\(row.value.fixed(row.value < 10 ? 2 : 0)) \(row.unit)"
            let ratio = row.ratio.map { $0.fixed(2) + "×" } ?? ""
            let met = row.met.map { $0 ? "yes" : "**no**" } ?? ""
            lines.append("| \(row.name) | \(value)\(row.detail.map { " (\($0))" } ?? "") | \(row.baseline ?? "") | \(ratio) | \(row.target) | \(met) |")
        }
        return lines.joined(separator: "\n")
    }
}
