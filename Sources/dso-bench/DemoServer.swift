import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `dso-server demo` running in the background, with the lines it printed for each user.
struct DemoServer {
    var pid: pid_t
    var directory: String
    var url: String
    var ca: String
    var tokens: [String: String]

    var storePath: String { directory + "/central.sqlite" }

    func replica(_ login: String) -> String { directory + "/bench-\(login).sqlite" }

    /// `dso-server demo` on `fixtures` (the bench's own by default), its data in `name` under the
    /// bench's root.
    static func start(_ bench: Bench, fixtures: URL? = nil, name: String = "server") throws -> DemoServer {
        let directory = bench.path(name), log = bench.path(name + ".log")
        let port = try freePort()
        let pid = try Child.start(bench.tools.server, ["demo", "--data", directory, "--fixtures", (fixtures ?? bench.fixtures).path,
                                                        "--as-of", bench.asOf.description, "--port", "\(port)", "--log-level", "warning"],
                                  log: log)
        let text = try Child.awaitLog(pid, log: log, marker: "Stop with Ctrl-C", seconds: 600, what: "dso-server demo")
        var tokens: [String: String] = [:]
        var ca = ""
        for line in text.split(separator: "\n") where line.contains("dso init") {
            let words = line.split(separator: " ").map(String.init)
            func value(_ flag: String) -> String? { words.firstIndex(of: flag).map { words[$0 + 1] } }
            if let token = value("--token"), let replica = value("--replica") {
                tokens[((replica as NSString).lastPathComponent as NSString).deletingPathExtension] = token
            }
            ca = value("--ca") ?? ""
        }
        return DemoServer(pid: pid, directory: directory, url: "https://127.0.0.1:\(port)", ca: ca, tokens: tokens)
    }

    func stop() { Child.stop(pid) }

    /// A port nobody listens on now (bound to 0 and released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
