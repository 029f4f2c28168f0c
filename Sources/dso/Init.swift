import ArgumentParser
import DSOSync
import DSOTerminal
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach this replica to a sync server and download your portfolio.",
        discussion: "The credit team gives you the server URL, your token (from `dso-server user add`) and, for a private CA, its ca.pem.")

    @Option(help: ArgumentHelp("Server URL, https://HOST:PORT.", valueName: "URL")) var server: String
    @Option(help: "Your bearer token.") var token: String
    @Option(help: ArgumentHelp("PEM file of the CA to trust (the one `dso-server serve` prints).", valueName: "FILE")) var ca: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard let url = URL(string: server), url.scheme?.lowercased() == "https", url.host != nil else {
            throw ValidationError("--server must be an https:// URL, e.g. https://127.0.0.1:8443")
        }
        if let ca, !FileManager.default.isReadableFile(atPath: ca) { throw ValidationError("cannot read --ca \(ca)") }
    }

    func run() async throws {
        try await reporting {
            let url = URL(string: server)!
            let replica = try global.open()
            let caPath = ca.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let transport = try HTTPTransport(server: url, trustedCAFile: caPath)
            do {
                let client = SyncClient(transport: transport, token: token)
                let hello = try await replica.attach(server: url, token: token, caFile: caPath, client: client)
                let report = try await replica.sync(client: client, progress: SyncProgressPrinter.print)
                Terminal.endProgress()
                let status = try replica.status()
                try await transport.shutdown()
                if global.json { return try printJSON(status, encoder: jsonEncoder) }
                print("Attached \(global.replicaPath) to \(url.absoluteString) as \(hello.user.login) (\(hello.user.role.rawValue)).")
                print("Downloaded \(status.customers) customers and \(status.openItems) open items (\(report.pulled) changes).")
            } catch {
                try? await transport.shutdown()
                throw error
            }
        }
    }
}

enum SyncProgressPrinter {
    @Sendable static func print(_ progress: SyncProgress) {
        switch progress.phase {
        case .pushing: Terminal.progress("Pushing… \(progress.pushed) sent, \(progress.remaining) remaining")
        case .pulling: Terminal.progress("Pulling… \(progress.pulled) changes received")
        case .done: Terminal.endProgress()
        }
    }
}
