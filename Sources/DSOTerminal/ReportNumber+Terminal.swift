import DSOCharts
import DSOModel
import Foundation

/// What only a terminal draws: block sparklines and bars.
extension ReportNumber {
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
