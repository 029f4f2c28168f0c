import Foundation

/// A value axis with round ticks (1, 2 or 5 × 10ⁿ apart) that covers zero and every value.
struct ChartScale {
    var low: Double
    var high: Double
    var ticks: [Double]

    init(values: [Double], tickCount: Int = 5) {
        var low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 0)
        if low == high { high = low + 1 }
        let raw = (high - low) / Double(tickCount)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        self.low = low
        self.high = high
        ticks = stride(from: low, through: high + step / 2, by: step).map { $0 }
    }

    /// The position of `value` between `bottom` (low) and `top` (high).
    func y(_ value: Double, bottom: Double, top: Double) -> Double {
        bottom - (value - low) / (high - low) * (bottom - top)
    }
}
