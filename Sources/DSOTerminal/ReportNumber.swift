import DSOModel
import Foundation

/// Numbers of reports as people read them.
public enum ReportNumber {
    /// A rounded amount in the currency's units: `950`, `12.3k`, `1.24M`, `-3.5k`.
    public static func compact(_ minor: Int64, _ currency: CurrencyCode) -> String {
        var scale = 1.0
        for _ in 0..<currency.minorDigits { scale *= 10 }
        let units = Double(minor) / scale
        let magnitude = abs(units)
        switch magnitude {
        case ..<1_000: return String(format: "%.0f", units)
        case ..<10_000: return String(format: "%.2fk", units / 1_000)
        case ..<1_000_000: return String(format: "%.1fk", units / 1_000)
        case ..<10_000_000: return String(format: "%.2fM", units / 1_000_000)
        default: return String(format: "%.1fM", units / 1_000_000)
        }
    }

    /// `62.1 %`.
    public static func percent(_ value: Double) -> String { String(format: "%.1f %%", value) }

    /// One block per value, its height by the value's place between the smallest and the largest
    /// (`▁` … `█`); a missing value is a space.
    public static func sparkline(_ values: [Double?]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return "" }
        return String(values.map { value -> Character in
            guard let value else { return " " }
            guard high > low else { return blocks[3] }
            return blocks[Int(((value - low) / (high - low) * Double(blocks.count - 1)).rounded())]
        })
    }

    /// A bar of `width` cells at most, proportional to `value ÷ largest`; a non-zero value shows
    /// at least one cell.
    public static func bar(_ value: UInt64, of largest: UInt64, width: Int) -> String {
        guard largest > 0, value > 0 else { return "" }
        let cells = max(1, Int((Double(value) / Double(largest) * Double(width)).rounded()))
        return String(repeating: "█", count: cells)
    }
}

/// RFC 4180 fields.
public enum CSVField {
    /// The field, quoted when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
