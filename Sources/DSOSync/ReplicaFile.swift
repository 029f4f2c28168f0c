import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The replica file holds the user's portfolio and bearer token: it and its `-wal`/`-shm`
/// companions are readable by their owner only (0600) from the moment they exist.
enum ReplicaFile {
    /// Creates the file (mode 0600) and the folders leading to it (0700) when missing; tightens an
    /// existing file and its companions to 0600. SQLite gives `-wal` and `-shm` the database
    /// file's mode, so they are born 0600 too.
    static func prepare(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        let tightened = fchmod(fd, 0o600) == 0
        close(fd)
        guard tightened else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        for companion in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: companion) {
            chmod(companion, 0o600)
        }
    }

    /// Opens `file` for writing, created or truncated, mode 0600 (a download of the user's data).
    static func privateSink(_ file: URL) throws -> FileHandle {
        let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path]) }
        guard fchmod(fd, 0o600) == 0 else {
            close(fd)
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
