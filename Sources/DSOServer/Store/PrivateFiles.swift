import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold the store's data, tokens' hashes and keys: readable by their owner only, from
/// the moment they exist (never created with the default mode and tightened afterwards).
enum PrivateFiles {
    /// Creates `url` (and its parents) with mode 0700, or tightens an existing folder to 0700.
    static func directory(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
    }

    /// Creates an empty file with mode 0600 if it is missing; tightens it to 0600 if it exists.
    /// SQLite gives a database's `-wal` and `-shm` files the mode of the database file, so a
    /// database created this way never has a readable journal.
    static func file(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
    }

    /// Tightens the files that exist among `paths` to 0600.
    static func tighten(_ paths: [String]) {
        for path in paths where FileManager.default.fileExists(atPath: path) { chmod(path, 0o600) }
    }

    /// Writes `data` to `url` atomically, the file being created with `mode` (a temporary file
    /// made with that mode, then renamed over the target).
    static func write(_ data: Data, to url: URL, mode: mode_t) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().text)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var ok = fchmod(fd, mode) == 0
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            ok = false
        }
        guard ok, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
