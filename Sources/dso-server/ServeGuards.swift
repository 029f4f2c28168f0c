import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One server per data directory: `serve` holds an exclusive lock on `DIR/serve.lock` for its
/// lifetime (the kernel releases it when the process ends, even on kill -9).
enum ServeLock {
    nonisolated(unsafe) private static var held: Int32 = -1

    static func acquire(_ directory: URL) throws {
        let path = directory.appendingPathComponent("serve.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(fd)
            throw Failure("another dso-server (pid \(pid)) is serving \(directory.path); stop it first, or serve another --data", exitCode: 69)
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        held = fd
    }

    /// Refuses when a server holds `directory` (a restore must not pull the store from under it).
    static func ensureNotServed(_ directory: URL) throws {
        let path = directory.appendingPathComponent("serve.lock").path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            throw Failure("a dso-server (pid \(pid)) is serving \(directory.path); stop it first, then restore", exitCode: 69)
        }
        flock(fd, LOCK_UN)
    }
}

/// Whether a TCP port can be listened on, checked before anything is created or issued.
enum PortCheck {
    static func ensureFree(host: String, port: Int) throws {
        guard port != 0 else { return }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw Failure("cannot listen on \(host): not an address of this machine (pass --host 127.0.0.1)", exitCode: 64)
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let code = errno
            if code == EADDRINUSE {
                throw Failure("port \(port) on \(host) is already in use: stop the program using it, or pass --port", exitCode: 69)
            }
            throw Failure("cannot listen on \(host):\(port): \(String(cString: strerror(code)))", exitCode: 69)
        }
    }
}
