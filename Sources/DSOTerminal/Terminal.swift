import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the terminal the CLI writes to.
public enum Terminal {
    /// Colour only on a TTY, and never when `NO_COLOR` is set.
    public static let isColorEnabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    /// Whether progress lines make sense (stderr is a TTY).
    public static let isInteractive: Bool = isatty(STDERR_FILENO) == 1

    /// The width tables fit: the terminal's columns on a TTY (or `$COLUMNS`), else 80.
    public static let width: Int = {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 20 { return columns }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 80
    }()

    nonisolated(unsafe) private static var progressShown = false
    private static let lock = NSLock()

    /// Writes a line to standard error, on its own line (a progress line is cleared first).
    public static func error(_ message: String) {
        endProgress()
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Rewrites the current stderr line (progress), only on a TTY.
    public static func progress(_ message: String) {
        guard isInteractive else { return }
        lock.withLock {
            progressShown = true
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(String(message.prefix(max(20, width - 1))))".utf8))
        }
    }

    /// Clears the progress line, if one is shown.
    public static func endProgress() {
        guard isInteractive else { return }
        lock.withLock {
            guard progressShown else { return }
            progressShown = false
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }

    /// "just now", "5 min ago", "3 h ago", "2 days ago".
    public static func ago(_ date: Date, now: Date = Date()) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        switch seconds {
        case ..<60: return "just now"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86_400) day\(seconds / 86_400 == 1 ? "" : "s") ago"
        }
    }
}

/// Prints a value as pretty JSON on standard output (the `--json` form of every read command).
public func printJSON<T: Encodable>(_ value: T, encoder: JSONEncoder) throws {
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
