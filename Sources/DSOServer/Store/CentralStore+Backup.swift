import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a backup or a restore did.
public struct BackupSummary: Sendable, Codable, Equatable {
    /// The file written (a backup) or read (a restore).
    public var file: String
    public var bytes: Int64
    /// The store's highest sequence number in the copy: replicas whose cursor lies beyond it
    /// will be told to `dso repair` after a restore.
    public var head: Int64
    public var serverID: UUID
    /// A restore: where the store it replaced was kept (nothing is deleted).
    public var replacedStoreKeptAt: String?
}

/// A backup or a restore that cannot proceed; nothing was changed.
public struct BackupError: Error, CustomStringConvertible {
    public var description: String
}

extension CentralStore {
    /// Copies the store into a new file at `destination` while it keeps serving.
    ///
    /// SQLite's online backup reads the whole store in **one** read transaction, so the copy is
    /// the store as of one commit, whatever pushes and imports run meanwhile (WAL readers do not
    /// block writers). The copy is written beside `destination` with mode 0600, switched to a
    /// single-file journal, checked with `PRAGMA quick_check`, synced, and only then given its
    /// name: a `destination` that exists is a finished backup. An existing `destination` is
    /// refused, never overwritten.
    public func backup(to destination: URL) throws -> BackupSummary {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: destination.path) else {
            throw BackupError(description: "\(destination.path) already exists; choose a new file name")
        }
        let folder = destination.deletingLastPathComponent()
        guard fileManager.fileExists(atPath: folder.path) else {
            throw BackupError(description: "no folder \(folder.path); create it first")
        }
        let partial = folder.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { try? fileManager.removeItem(atPath: partial.path + suffix) } }
        try PrivateFiles.file(partial.path)
        let copy = try DatabaseQueue(path: partial.path)
        try pool.backup(to: copy)
        let (head, serverID) = try copy.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard check == ["ok"] else { throw BackupError(description: "the copy failed its check (\(check.joined(separator: "; "))); nothing was kept") }
            return (try CentralStore.head(in: db), try CentralStore.storedServerID(in: db))
        }
        try copy.close()
        try CentralStore.synchronize(partial.path)
        // link(2) refuses an existing name: a backup that appeared meanwhile is not replaced.
        guard link(partial.path, destination.path) == 0 else {
            throw BackupError(description: "cannot name the backup \(destination.path): \(String(cString: strerror(errno)))")
        }
        let bytes = (try? fileManager.attributesOfItem(atPath: destination.path)[.size] as? NSNumber)??.int64Value ?? 0
        return BackupSummary(file: destination.path, bytes: bytes, head: head, serverID: serverID)
    }

    /// Puts the backup `source` in place of the store of `dataDirectory`. The server must be
    /// stopped. The backup is checked first (`PRAGMA quick_check`, a DSO store); the store it
    /// replaces is renamed, with its journal, to `central.sqlite.replaced-<time>` beside it, never
    /// deleted. The restored store is then opened once, which upgrades a backup made by an earlier
    /// release.
    ///
    /// Replicas whose cursor is within the backup continue; those that pulled past it are
    /// answered `invalid_cursor` and rebuild (`dso repair`), resending what the store lost.
    public static func restore(from source: URL, into dataDirectory: URL, now: Date = Date()) throws -> BackupSummary {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: source.path) else { throw BackupError(description: "no backup at \(source.path)") }
        var configuration = Configuration()
        configuration.readonly = true
        let (head, serverID): (Int64, UUID)
        do {
            let backup = try DatabaseQueue(path: source.path, configuration: configuration)
            (head, serverID) = try backup.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else { throw BackupError(description: "\(source.path) is damaged (\(check.prefix(3).joined(separator: "; "))); nothing was restored") }
                guard try db.tableExists("changes"), try db.tableExists("meta") else {
                    throw BackupError(description: "\(source.path) is not a DSO Sync store; nothing was restored")
                }
                return (try CentralStore.head(in: db), try CentralStore.storedServerID(in: db))
            }
            try backup.close()
        } catch let error as DatabaseError {
            throw BackupError(description: "\(source.path) is not a readable SQLite store (\(error.message ?? "\(error.resultCode)")); nothing was restored")
        }
        try PrivateFiles.directory(dataDirectory)
        let store = dataDirectory.appendingPathComponent("central.sqlite")
        let partial = dataDirectory.appendingPathComponent(".central.sqlite.restore-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: partial) }
        try PrivateFiles.file(partial.path)
        let data = try Data(contentsOf: source, options: .mappedIfSafe)
        let handle = try FileHandle(forWritingTo: partial)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        var kept: String?
        if fileManager.fileExists(atPath: store.path) {
            let stamp = now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeSeparator(.omitted))
            let aside = store.path + ".replaced-" + stamp
            for suffix in ["-wal", "-shm", ""] where fileManager.fileExists(atPath: store.path + suffix) {
                try fileManager.moveItem(atPath: store.path + suffix, toPath: aside + suffix)
            }
            kept = aside
        }
        guard rename(partial.path, store.path) == 0 else {
            throw BackupError(description: "cannot put the backup in place: \(String(cString: strerror(errno)))")
        }
        _ = try CentralStore(path: store.path)
        return BackupSummary(file: source.path, bytes: Int64(data.count), head: head, serverID: serverID, replacedStoreKeptAt: kept)
    }

    static func storedServerID(in db: Database) throws -> UUID {
        guard let id = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'server_id'").flatMap(UUID.init(uuidString:)) else {
            throw BackupError(description: "the store has no server id")
        }
        return id
    }

    /// `fsync` of a finished file, so that its name never points at missing bytes after a crash.
    static func synchronize(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.synchronize()
        try handle.close()
    }
}
