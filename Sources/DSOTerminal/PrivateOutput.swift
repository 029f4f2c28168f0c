#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Files a command writes on request (`--svg FILE`): created, or truncated, readable by their
/// owner only (0600), since they carry the book's figures.
public enum PrivateOutput {
    /// Writes `text` to `path`; a path that cannot be written is a one-line error that names it.
    public static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ValidationError("cannot write '\(path)': \(String(cString: strerror(errno))); choose a file in a folder that exists")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ValidationError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
            written += n
        }
    }
}
