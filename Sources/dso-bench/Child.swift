import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A finished child process: how long it took, how much memory it held at most, what it printed.
struct ChildRun {
    var status: Int32
    var seconds: Double
    /// Peak resident set size, in bytes (the child's `VmHWM`, sampled every 5 ms while it runs;
    /// 0 unless asked for). `wait4`'s `ru_maxrss` cannot be used: exec records the spawning
    /// process's own high-water mark in it.
    var peakBytes: Int
    var output: String
}

/// Runs programs the way a user does, measuring each one alone (`posix_spawn` + `wait4`).
enum Child {
    /// Runs `path` with `arguments`; standard output goes to a file that is read back.
    static func run(_ path: String, _ arguments: [String], input: String? = nil, sampleMemory: Bool = false) throws -> ChildRun {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dso-bench-\(UUID().uuidString).out").path
        defer { unlink(out) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var peak = 0
        if sampleMemory {
            while waitpid(pid, &status, WNOHANG) == 0 {
                peak = max(peak, highWater(pid))
                usleep(5_000)
            }
        } else {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return ChildRun(status: exit, seconds: seconds, peakBytes: peak, output: text)
    }

    /// `VmHWM` of a running process, in bytes (0 once it has exited).
    static func highWater(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// Runs and insists on exit status 0.
    static func succeed(_ path: String, _ arguments: [String], input: String? = nil, sampleMemory: Bool = false) throws -> ChildRun {
        let result = try run(path, arguments, input: input, sampleMemory: sampleMemory)
        guard result.status == 0 else {
            throw BenchError("\((path as NSString).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) exited \(result.status): \(result.output.suffix(300))")
        }
        return result
    }

    /// Starts a long-running program in the background, its output appended to `log`.
    static func start(_ path: String, _ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// Stops a background program (SIGINT, as Ctrl-C) and waits for it.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGINT)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Waits until the log of the background process `pid` holds `marker` and returns the log;
    /// stops the process and throws when it exits first or `seconds` pass.
    static func awaitLog(_ pid: pid_t, log: String, marker: String, seconds: TimeInterval, what: String) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains(marker) { return text }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { throw BenchError("\(what) stopped: \(text.suffix(400))") }
            usleep(50_000)
        }
        stop(pid)
        throw BenchError("\(what) did not start within \(Int(seconds)) s")
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
