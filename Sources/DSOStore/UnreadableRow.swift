import Foundation

/// A stored row that no longer reads as what it should hold (a damaged file, or an edit by hand).
package struct UnreadableRow: Error, CustomStringConvertible, LocalizedError {
    /// What could not be read, as a person names it (`the report ledger of customer …`).
    package var what: String

    package init(what: String) { self.what = what }

    package var description: String { "\(what) cannot be read; run check --repair to rebuild it" }
    package var errorDescription: String? { description }
}
