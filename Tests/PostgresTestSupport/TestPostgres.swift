import DSOServer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for one test: `initdb` in a temporary directory (as the
/// `postgres` user under `runuser` when the tests run as root: PostgreSQL refuses root), a server
/// on 127.0.0.1 and a free port, stopped and deleted afterwards.
public final class TestPostgres: @unchecked Sendable {
    public let directory: URL
    public let port: Int
    public private(set) var running = false

    /// The folder of `initdb` and `pg_ctl` (Debian: /usr/lib/postgresql/<version>/bin), or nil.
    public static let binaries: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for version in versions {
            let bin = root.appendingPathComponent(version).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        return nil
    }()

    /// Whether PostgreSQL is installed here (`.ci/run` installs it).
    public static var isInstalled: Bool { binaries != nil }

    /// Starts a cluster, runs `body`, and always stops it and removes its files.
    public static func with<T>(_ body: (TestPostgres) async throws -> T) async throws -> T {
        let cluster = try TestPostgres()
        do {
            let result = try await body(cluster)
            cluster.destroy()
            return result
        } catch {
            cluster.destroy()
            throw error
        }
    }

    private init() throws {
        guard TestPostgres.binaries != nil else { throw TestPostgresError("PostgreSQL is not installed (apt-get install postgresql)") }
        TestPostgres.sweepAbandoned()
        directory = URL(fileURLWithPath: "/tmp/dso-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Which test process owns the cluster: a later run stops it if this one died without cleaning up.
        try String(getpid()).write(to: directory.appendingPathComponent("owner.pid"), atomically: true, encoding: .utf8)
        port = try TestPostgres.freePort()
        if geteuid() == 0 { try TestPostgres.run("/bin/chown", ["postgres:postgres", directory.path]) }
        try tool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"])
        try start()
    }

    public var data: String { directory.appendingPathComponent("data").path }

    /// Stops and removes the clusters of test processes that are gone (killed, or crashed before
    /// their clean-up ran), so that interrupted runs do not leave servers behind.
    private static func sweepAbandoned() {
        let tmp = URL(fileURLWithPath: "/tmp")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("dso-pg-") {
            let folder = tmp.appendingPathComponent(name)
            guard let text = try? String(contentsOf: folder.appendingPathComponent("owner.pid"), encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0, errno == ESRCH else { continue }
            let data = folder.appendingPathComponent("data").path
            if FileManager.default.fileExists(atPath: data + "/postmaster.pid"), let pgCtl = binaries?.appendingPathComponent("pg_ctl").path {
                let arguments = ["-D", data, "-m", "immediate", "-w", "stop"]
                try? geteuid() == 0 ? run("/usr/sbin/runuser", ["-u", "postgres", "--", pgCtl] + arguments) : run(pgCtl, arguments)
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The location of a new, empty database of this cluster (`createdb`).
    public func createDatabase(_ name: String = "dso_\(UUID().uuidString.prefix(8).lowercased())") async throws -> PostgresLocation {
        try tool("createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", name])
        return try PostgresLocation(url: location(name))
    }

    /// The URL of database `name` of this cluster.
    public func location(_ name: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// Starts the server (again, after ``stop()``).
    public func start() throws {
        try tool("pg_ctl", ["-D", data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "-o",
                            "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory.path) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
                            "start"])
        running = true
    }

    /// Stops the server (fast shutdown: open connections are cut).
    public func stop() throws {
        try tool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"])
        running = false
    }

    public func destroy() {
        if running { try? stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    private func tool(_ name: String, _ arguments: [String]) throws {
        let path = TestPostgres.binaries!.appendingPathComponent(name).path
        if geteuid() == 0 {
            try TestPostgres.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try TestPostgres.run(path, arguments)
        }
    }

    /// Runs a tool to its end with posix_spawn and waitpid. (Foundation's `Process` waits for
    /// the server `pg_ctl` leaves running too.) Its output goes to a file, for the error message.
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("dso-pg-tool-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestPostgresError("\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestPostgresError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension TestPostgres {
    /// One cluster for the whole test run, for tests that only need a database of their own (the
    /// store tests run on both engines): started by the first, stopped and removed when the test
    /// process exits.
    public static let shared: Result<TestPostgres, any Error> = {
        let result = Result { try TestPostgres() }
        atexit {
            if case .success(let cluster) = TestPostgres.shared { cluster.destroy() }
        }
        return result
    }()
}

/// The central store's engines, for test bodies run on each (GRDB's style: one test, several
/// configurations). PostgreSQL is left out only where it is not installed (`.ci/run` installs it).
public enum TestEngine: String, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var available: [TestEngine] { TestPostgres.isInstalled ? [.sqlite, .postgres] : [.sqlite] }

    public var description: String { rawValue }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
