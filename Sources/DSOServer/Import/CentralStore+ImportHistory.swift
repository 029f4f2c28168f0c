import DSOProtocol
import Foundation
import GRDB

/// An import the store applied: when, and its report.
public struct ImportRecord: Sendable {
    public var at: Date
    public var report: ImportReport
}

extension CentralStore {
    /// The newest `limit` applied imports, newest first.
    /// `SELECT at, report FROM imports ORDER BY id DESC LIMIT ?`
    public func recentImports(limit: Int = 20) async throws -> [ImportRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, report FROM imports ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                ImportRecord(at: WireJSON.parseTimestamp(row["at"]) ?? Date(timeIntervalSince1970: 0),
                             report: try ImportReport.fromWire(row["report"]))
            }
        }
    }
}
