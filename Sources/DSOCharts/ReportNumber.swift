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
}
