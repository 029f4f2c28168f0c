import Foundation

/// A plain-text table for humans: columns padded to their widest cell, numbers right-aligned,
/// fitted to a width by shortening the columns marked flexible (names, comments) with "…".
public struct Table {
    public enum Alignment { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    /// Columns that may be shortened to fit the width, most shrinkable first.
    public var flexible: [Int]
    public var rows: [[Cell]] = []

    /// A cell: its text and an optional colour (shown only on a terminal).
    public struct Cell: ExpressibleByStringLiteral {
        public var text: String
        public var style: Style?
        public init(_ text: String, _ style: Style? = nil) { self.text = text; self.style = style }
        public init(stringLiteral value: String) { self.init(value) }
    }

    public init(_ headers: [String], alignments: [Alignment]? = nil, flexible: [Int] = []) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
        self.flexible = flexible
    }

    public mutating func add(_ cells: [Cell]) { rows.append(cells) }

    /// Flexible columns first shrink, in their order, to a comfortable width; then, if the table
    /// still does not fit, to the narrowest.
    static let comfortableWidth = 12
    static let minimumFlexibleWidth = 6

    /// The column widths that fit `width` (`nil`: no limit).
    func widths(fitting width: Int?) -> [Int] {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.text.count) } }
        guard let width else { return widths }
        var overflow = widths.reduce(0, +) + 2 * (widths.count - 1) - width
        for floor in [Table.comfortableWidth, Table.minimumFlexibleWidth] {
            for column in flexible where column < widths.count && overflow > 0 {
                let cut = min(overflow, max(0, widths[column] - floor))
                widths[column] -= cut
                overflow -= cut
            }
        }
        return widths
    }

    /// The table as text, at most `width` columns wide when its flexible columns allow
    /// (default: ``Terminal/width``; `nil`: full width).
    public func render(width: Int? = Terminal.width, color: Bool = Terminal.isColorEnabled) -> String {
        let widths = widths(fitting: width)
        func line(_ cells: [Cell], header: Bool) -> String {
            cells.enumerated().map { i, cell in
                let text = Table.truncate(cell.text, to: widths[i])
                let pad = String(repeating: " ", count: max(0, widths[i] - text.count))
                let padded = alignments[i] == .right ? pad + text : text + (i == cells.count - 1 ? "" : pad)
                if header { return Style.bold.apply(padded, enabled: color) }
                return cell.style.map { $0.apply(padded, enabled: color) } ?? padded
            }.joined(separator: "  ")
        }
        var out = [line(headers.map { Cell($0) }, header: true)]
        out += rows.map { line($0, header: false) }
        return out.map { $0.replacing(/\ +$/, with: "") }.joined(separator: "\n")
    }

    /// `text` cut to `width` characters, ending with "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
