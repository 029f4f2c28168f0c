import Foundation

/// The sqlite3 `.import` of the items file: the floor an ERP import is compared with.
struct ImportBaseline {
    var rows: Int
    var seconds: Double
    var rowsPerSecond: Double { Double(rows) / seconds }
}

extension Bench {
    /// `sqlite3 .import` of items.csv into a table with the file's columns, a primary key
    /// (customer, number) and one index, in one transaction (median of `runs`).
    func sqliteImport() throws -> ImportBaseline {
        let file = fixtures.appendingPathComponent("items.csv").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let header = text.prefix(while: { $0 != "\n" }).split(separator: ",").map { "\"\($0)\" TEXT" }
        let rows = text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } - 1
        var times: [Double] = []
        for run in 0..<runs {
            let db = path("baseline-\(run).sqlite")
            try? FileManager.default.removeItem(atPath: db)
            let script = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE items(\(header.joined(separator: ", ")), PRIMARY KEY(customer, number));
                CREATE INDEX items_due ON items(due_date);
                BEGIN;
                .import --csv --skip 1 \(file) items
                COMMIT;
                """
            let scriptPath = path("baseline.sql")
            try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            times.append(try Child.succeed(tools.sqlite3, [db], input: scriptPath).seconds)
            try? FileManager.default.removeItem(atPath: db)
        }
        return ImportBaseline(rows: rows, seconds: median(times))
    }

    /// `dso-server import items` (stock mode) of the same file into a store holding the
    /// customers (median of `runs`, each on a fresh copy).
    func importItems(baseline: ImportBaseline) throws -> Measurement {
        let prepared = path("import-base")
        for (kind, file) in [("users", "users.csv"), ("customers", "customers.csv"), ("portfolio", "portfolio.csv"), ("contacts", "contacts.csv")] {
            _ = try Child.succeed(tools.server, ["import", kind, fixtures.appendingPathComponent(file).path, "--data", prepared])
        }
        var times: [Double] = []
        for run in 0..<runs {
            let copy = path("import-\(run)")
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: prepared, toPath: copy)
            times.append(try Child.succeed(tools.server, ["import", "items", fixtures.appendingPathComponent("items.csv").path,
                                                         "--mode", "stock", "--as-of", asOf.description, "--data", copy]).seconds)
            try? FileManager.default.removeItem(atPath: copy)
        }
        let rate = Double(baseline.rows) / median(times)
        return Measurement(name: "\(label) ERP import of items (\(baseline.rows) rows)", value: rate, unit: "rows/s",
                           baseline: "sqlite3 .import \(Int(baseline.rowsPerSecond)) rows/s", baselineValue: nil,
                           target: "≥ 100k rows/s and ≥ 1/3 of sqlite3",
                           met: rate >= 100_000 && rate >= baseline.rowsPerSecond / 3,
                           detail: "\((rate / baseline.rowsPerSecond * 100).fixed(0)) % of sqlite3")
    }
}
