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
        try await backend.read { db in
            try db.rows("SELECT at, report FROM imports ORDER BY id DESC LIMIT ?", limit).map { row in
                ImportRecord(at: row.get(0, as: String.self).flatMap(WireJSON.parseTimestamp) ?? Date(timeIntervalSince1970: 0),
                             report: try ImportReport.fromWire(row.text(1)))
            }
        }
    }
}
