import DSOModel
import DSOStore
import DSOProtocol
import Foundation
import GRDB

extension CentralStore {
    /// Imports one CSV file in a single transaction. Rows are checked one by one; if any is
    /// rejected the transaction is rolled back and the report lists every rejected line.
    public func importFile(_ kind: ImportKind, from url: URL, mode: ItemsImportMode = .delta,
                           asOf: BusinessDate = .today()) async throws -> ImportReport {
        let empty = ImportReport(kind: kind, file: url.lastPathComponent, mode: kind == .items ? mode : nil)
        struct Rollback: Error { var report: ImportReport }
        let report: ImportReport
        do {
            let serverID = self.serverID
            report = try await backend.write { db in
                var report = empty
                var table = try CSVTable(url: url, required: kind.requiredColumns)
                var importer = RowImporter(kind: kind, mode: mode, asOf: asOf, db: db)
                while let row = try table.next() {
                    report.read += 1
                    do {
                        switch try importer.importRow(row) {
                        case .created: report.created += 1
                        case .updated: report.updated += 1
                        case .unchanged: report.unchanged += 1
                        case .cleared: report.cleared += 1
                        }
                    } catch let rejection as RowRejection {
                        report.rejected.append(.init(line: row.line, reason: rejection.reason))
                    }
                }
                try importer.flushItems()
                if report.rejected.isEmpty, kind == .rates { try importer.finishRates() }
                if report.rejected.isEmpty, kind == .items, mode == .stock {
                    report.cleared = try importer.clearItemsMissingFromStock()
                    try importer.flushItems()
                }
                if report.rejected.isEmpty, kind == .items || kind == .payments || kind == .history {
                    report.cancelledActions = try importer.cancelObsoleteActions(clock: HLCClock(), serverID: serverID)
                }
                guard report.rejected.isEmpty else { throw Rollback(report: report) }
                try CentralStore.rebuildLedgers(of: importer.ledgerCustomers.sorted(), in: db)
                report.applied = true
                try db.execute("INSERT INTO imports(kind, file, mode, at, report) VALUES (?, ?, ?, ?, ?)",
                               kind.rawValue, url.path, report.mode?.rawValue, WireJSON.formatTimestamp(Date()), try report.wireJSON())
                try CentralStore.announce(head: CentralStore.head(in: db), collectors: nil, in: db)
                return report
            }
        } catch let rollback as Rollback {
            ServerMetric.importRows(kind: kind.rawValue, applied: false, rows: rollback.report.read)
            return rollback.report
        } catch let failure as CSVReader.Failure {
            var failed = empty
            failed.rejected.append(.init(line: failure.line, reason: failure.description))
            ServerMetric.importRows(kind: kind.rawValue, applied: false, rows: failure.line)
            return failed
        }
        ServerMetric.importRows(kind: kind.rawValue, applied: true, rows: report.read)
        await signal.notify()
        return report
    }
}
