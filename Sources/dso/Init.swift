import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach this replica to a sync server and download your portfolio.",
        discussion: """
            The credit team gives you the server URL, your token (from `dso-server user add`) and, for a private CA, its ca.pem. This is the only command that creates a replica file (readable by you only).

            The portfolio arrives as one SQLite file when the server serves protocol version 2 (checked before use, copied in one transaction), otherwise as pages of changes. Interrupted (Ctrl-C, lost network), the download resumes with `dso sync`; until it completes, the other commands say so instead of showing part of your portfolio.
            """)

    @Option(help: ArgumentHelp("Server URL, https://HOST:PORT. Several servers of one store: repeat --server, or separate the URLs with commas; sync moves to the next when one is down.",
                               valueName: "URL")) var server: [String]
    @Option(help: "Your bearer token.") var token: String
    @Option(help: ArgumentHelp("PEM file of the CA to trust (the one `dso-server serve` prints).", valueName: "FILE")) var ca: String?
    @Flag(help: "Download through version 1 pages of changes even if the server offers one snapshot file (for a proxy that cuts long downloads).")
    var pages = false
    @OptionGroup var global: GlobalOptions

    /// The server URLs, from every --server, split at commas.
    var servers: [URL] {
        server.flatMap { $0.split(separator: ",") }.compactMap { URL(string: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let texts = server.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !texts.isEmpty else { throw ValidationError("--server is missing: pass the https:// URL the credit team gave you") }
        for text in texts {
            guard let url = URL(string: text), url.scheme?.lowercased() == "https", url.host != nil else {
                throw ValidationError("--server \(text) must be an https:// URL, e.g. https://127.0.0.1:8443")
            }
        }
        guard Set(texts).count == texts.count else { throw ValidationError("--server names the same URL twice") }
        if let ca, !FileManager.default.isReadableFile(atPath: ca) { throw ValidationError("cannot read --ca \(ca)") }
    }

    func run() async throws {
        try await reporting(retry: "dso init") {
            let servers = self.servers
            let url = servers[0]
            let path = global.replicaPath
            let existed = FileManager.default.fileExists(atPath: path)
            let caPath = ca.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let transport = try serverTransport(servers: servers, trustedCAFile: caPath)
            var replica: Replica?
            do {
                let opened = try Replica(path: path)
                replica = opened
                let client = SyncClient(transport: transport, token: token)
                Terminal.progress("Contacting \(url.host ?? "the server")…")
                let hello = try await opened.attach(servers: servers, token: token, caFile: caPath, client: client,
                                                    onRetry: { Terminal.progress("Contacting the server… \($0.summary)") })
                let report = try await opened.sync(client: client, snapshotFile: !pages, progress: SyncProgressPrinter.print)
                Terminal.endProgress()
                let status = try opened.status()
                try await transport.shutdown()
                if global.json { return try printJSON(status, encoder: jsonEncoder) }
                let others = servers.count > 1 ? " (and \(servers.count - 1) other server(s) of the store)" : ""
                print("Attached \(path) to \(url.absoluteString)\(others) as \(hello.user.login) (\(hello.user.role.rawValue)).")
                print("Downloaded \(status.customers) customers and \(status.openItems) open items (\(report.pulled) changes).")
            } catch {
                try? await transport.shutdown()
                // A replica this command created and could not attach is removed: nothing is left
                // behind by a failed first attempt. One attached keeps what it downloaded.
                if !existed, (try? replica?.account()) == nil {
                    replica = nil
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                throw error
            }
        }
    }
}

enum SyncProgressPrinter {
    @Sendable static func print(_ progress: SyncProgress) {
        let retry = progress.retry.map { " — \($0.summary)" } ?? ""
        switch progress.phase {
        case .pushing: Terminal.progress("Pushing… \(progress.pushed) sent, \(progress.remaining) remaining\(retry)")
        case .downloading: Terminal.progress("Downloading your portfolio…\(retry)")
        case .pulling: Terminal.progress("Pulling… \(progress.pulled) changes received\(retry)")
        case .done: Terminal.endProgress()
        }
    }
}
