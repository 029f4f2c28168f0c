import Foundation

extension Date {
    /// Milliseconds since 1970, rounded: the unit of HLCs, assignment periods and session expiries.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
