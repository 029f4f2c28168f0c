import DSOModel
import Foundation

extension String {
    /// `nil` for an empty string: templates show a section for any string, even an empty one.
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Numbers, amounts and dates as the console shows them.
enum Format {
    static func money(_ minor: Int64, _ currency: CurrencyCode) -> String { Money(minor: minor, currency: currency).description }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0) } ?? "—" }

    static func days(_ value: Double?) -> String { value.map { String(format: "%.0f d", $0) } ?? "—" }

    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// The last 12 hex digits of a replica id, as the pages show it after "…".
    static func replica(_ id: UUID) -> String { String(id.uuidString.suffix(12)).lowercased() }

    /// `2026-12-07 14:03 UTC`.
    static func time(_ date: Date?) -> String {
        guard let date else { return "never" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// `3 h ago`, `2 d ago`.
    static func age(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "never" }
        let seconds = max(0, now.timeIntervalSince(date))
        switch seconds {
        case ..<90: return "just now"
        case ..<5400: return "\(Int(seconds / 60)) min ago"
        case ..<172_800: return "\(Int(seconds / 3600)) h ago"
        default: return "\(Int(seconds / 86400)) d ago"
        }
    }
}
