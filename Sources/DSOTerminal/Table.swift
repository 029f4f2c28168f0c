import Foundation

/// A plain-text table for humans: columns padded to their widest cell, numbers right-aligned.
public struct Table {
    public enum Alignment { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[Cell]] = []

    /// A cell: its text and an optional colour (shown only on a terminal).
    public struct Cell: ExpressibleByStringLiteral {
        public var text: String
        public var style: Style?
        public init(_ text: String, _ style: Style? = nil) { self.text = text; self.style = style }
        public init(stringLiteral value: String) { self.init(value) }
    }

    public init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    public mutating func add(_ cells: [Cell]) { rows.append(cells) }

    public func render(color: Bool = Terminal.isColorEnabled) -> String {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.text.count) } }
        func line(_ cells: [Cell], header: Bool) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.text.count))
                let text = alignments[i] == .right ? pad + cell.text : cell.text + (i == cells.count - 1 ? "" : pad)
                if header { return Style.bold.apply(text, enabled: color) }
                return cell.style.map { $0.apply(text, enabled: color) } ?? text
            }.joined(separator: "  ")
        }
        var out = [line(headers.map { Cell($0) }, header: true)]
        out += rows.map { line($0, header: false) }
        return out.joined(separator: "\n")
    }
}

/// ANSI styles, applied only when colour is on.
public enum Style {
    case red, yellow, green, dim, bold

    public func apply(_ text: String, enabled: Bool = Terminal.isColorEnabled) -> String {
        guard enabled else { return text }
        let code = switch self {
        case .red: "31"
        case .yellow: "33"
        case .green: "32"
        case .dim: "2"
        case .bold: "1"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

/// Facts about the terminal the CLI writes to.
public enum Terminal {
    /// Colour only on a TTY, and never when `NO_COLOR` is set.
    public static let isColorEnabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    /// Whether progress lines make sense (stderr is a TTY).
    public static let isInteractive: Bool = isatty(STDERR_FILENO) == 1

    /// Writes a line to standard error.
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Rewrites the current stderr line (progress), only on a TTY.
    public static func progress(_ message: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(message)".utf8))
    }

    public static func endProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Prints a value as pretty JSON on standard output (the `--json` form of every read command).
public func printJSON<T: Encodable>(_ value: T, encoder: JSONEncoder) throws {
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
