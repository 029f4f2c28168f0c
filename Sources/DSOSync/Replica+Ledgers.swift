import DSOModel
import DSOStore
import Foundation
import GRDB

/// The report ledger of each customer (`LedgerStore`, `report_ledgers`) is rebuilt in the
/// transaction of a pulled log page that touches the customer's items or payments. A first
/// download (snapshot file or snapshot pages) and the upgrade of an older replica only mark the
/// ledgers stale: the first report builds them all (``refreshLedgers()``), so `dso init` does not
/// pay for reports nobody asked for yet.
extension Replica {
    static let ledgersStaleKey = "ledgers_stale"

    /// Marks every ledger stale, in the caller's transaction.
    static func markLedgersStale(in db: Database) throws { try setMeta(ledgersStaleKey, "1", in: db) }

    static func ledgersStale(in db: Database) throws -> Bool { try meta(ledgersStaleKey, in: db) == "1" }

    /// Rebuilds the ledgers of `customers`, in the caller's transaction, unless all are stale
    /// (the next report rebuilds them all).
    static func rebuildLedgers(of customers: some Collection<String>, in db: Database) throws {
        guard !customers.isEmpty, try !ledgersStale(in: db) else { return }
        try LedgerStore.rebuild(of: customers, in: db)
    }

    /// Builds every ledger if they are stale, in one write transaction; one `meta` lookup otherwise.
    ///
    /// ```sql
    /// SELECT value FROM meta WHERE key = 'ledgers_stale'
    /// ```
    public func refreshLedgers() throws {
        guard try pool.read({ try Replica.ledgersStale(in: $0) }) else { return }
        try pool.write { db in
            guard try Replica.ledgersStale(in: db) else { return }
            try LedgerStore.rebuildAll(in: db)
            try Replica.setMeta(Replica.ledgersStaleKey, nil, in: db)
        }
    }

    /// A read for a report: the ledgers brought up to date first (``refreshLedgers()``).
    func reportRead<T>(_ body: (Database) throws -> T) throws -> T {
        try refreshLedgers()
        return try pool.read(body)
    }
}
