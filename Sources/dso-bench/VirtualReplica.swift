import DSOModel
import DSOProtocol
import DSOSync
import Foundation

/// One field device of the fleet, at the protocol level: its own HTTPS client (connection,
/// TLS session), replica id, cursor and open items, without a SQLite file. The load generator
/// runs a thousand of these in one process.
final class VirtualReplica: @unchecked Sendable {
    let login: String
    let id = UUIDv7.make()
    let transport: HTTPTransport
    let client: SyncClient
    private(set) var cursor: String?
    private(set) var items: [OpenItem] = []
    private let clock = HLCClock()

    convenience init(login: String, token: String, server: FleetServer) throws {
        try self.init(login: login, token: token, url: server.url, ca: server.ca)
    }

    init(login: String, token: String, url: String, ca: String) throws {
        self.login = login
        transport = try HTTPTransport(server: URL(string: url)!, trustedCAFile: ca, timeout: .seconds(60), connectTimeout: .seconds(30))
        client = SyncClient(transport: transport, token: token)
    }

    /// The first download: pages until the server has nothing more, keeping the open items.
    func attach() async throws {
        repeat {
            let page = try await client.pull(after: cursor, limit: 1000)
            for change in page.changes { if case .item(let item) = change.body, !item.isCleared { items.append(item) } }
            cursor = page.next
            if !page.more { break }
        } while true
    }

    /// Pulls pages until none remain; returns the changes received.
    @discardableResult
    func pullToEmpty(wait: Int = 0) async throws -> Int {
        var received = 0
        repeat {
            let page = try await client.pull(after: cursor, limit: 1000, wait: wait)
            received += page.changes.count
            cursor = page.next
            if !page.more { return received }
        } while true
    }

    /// `count` qualifications of its own open items (or of `others`), as a day's outbox holds them.
    func outbox(_ count: Int, on day: BusinessDate, of others: [OpenItem]? = nil) -> PushRequest {
        let items = others ?? self.items
        return PushRequest(replicaID: id, changes: (0..<count).map { n in
            let item = items[n % items.count]
            return Change(Qualification(id: UUIDv7.make(), customerID: item.customerID, itemIDs: [item.id], statusCode: "contacted",
                                        comment: "called, invoice received", statusDate: day, author: login, replicaID: id,
                                        hlc: clock.now()))
        })
    }

    func shutdown() async { try? await transport.shutdown() }
}
