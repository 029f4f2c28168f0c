import Foundation

/// Runs the built `dso` and `dso-server` executables, as a user would.
enum CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder holding the built products (beside the test bundle).
    static var productsDirectory: URL {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        var candidate = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("dso").path) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug")
    }

    static func executable(_ name: String) -> URL { productsDirectory.appendingPathComponent(name) }

    /// Runs a command to completion (bounded by `timeout`), waiting on a GCD thread: the
    /// cooperative pool stays free for the in-process servers the command may talk to.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60,
                    directory: URL? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result {
                    try runBlocking(name, arguments, environment: environment, timeout: timeout, directory: directory)
                })
            }
        }
    }

    static func runBlocking(_ name: String, _ arguments: [String], environment: [String: String], timeout: TimeInterval,
                            directory: URL?) throws -> Result {
        let process = Process()
        process.executableURL = executable(name)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "80"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        // Drain both pipes while waiting, so a chatty command cannot block on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }
        let group = DispatchGroup()
        let outBox = Box(), errBox = Box()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// A `dso-server serve` process, for crash tests.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private(set) var port = 0

    /// Starts `dso-server serve --data DIR --port 0` (with `--store URL`: on that PostgreSQL
    /// store) and waits for its banner.
    init(dataDirectory: URL, store: String? = nil) throws {
        process.executableURL = CommandRunner.executable("dso-server")
        process.arguments = ["serve", "--data", dataDirectory.path, "--port", "0", "--log-level", "error"] + (store.map { ["--store", $0] } ?? [])
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"listening on https://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(seen[range].split(separator: ":").last!)!
                return
            }
        }
        process.terminate()
        throw TestFailure("dso-server did not start: \(seen)")
    }

    /// SIGKILL: no shutdown, no flush, like a power cut of the process.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}
