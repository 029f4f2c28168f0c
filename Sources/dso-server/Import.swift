import ArgumentParser
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

extension ImportKind: ExpressibleByArgument {}
extension ItemsImportMode: ExpressibleByArgument {}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import an ERP CSV file: users, customers, portfolio, contacts, items, statuses, payments, history or rates.",
        discussion: """
            The first line holds column names (any order, `,` or `;` separated):
              users      login, role, [name], [email]
              customers  code, name, currency, [payment_terms_days], [address],
                         [city], [country], [language], [collector], [scenario]
              portfolio  customer, collector (empty collector: unassign)
              contacts   customer, name, [role], [email], [phone],
                         [collection_contact yes|no]
              items      customer, number, issue_date, due_date, amount, [kind],
                         [open_amount], [currency], [cleared_date]
              statuses   code, name, type, [follow_up_days], [channel], [active]
              payments   customer, item, date, amount, [currency], [reference]
              history    customer, number, issue_date, due_date, amount, payment_date,
                         [kind], [currency]
              rates      date, currency, rate, [base]

            Roles: collector, manager, admin, resolver. Item kinds: invoice, credit_note, payment. Amounts are decimals in the item's currency (1234.56, or 1 234,56 as ERPs write them); dates are YYYY-MM-DD.

            items --mode stock: the file lists every open item; open items missing from it are cleared. items --mode delta: only the rows given change; a cleared_date or open_amount 0 clears.

            history: invoices already paid, for the DSO, CEI and receipts reports. Each row is an item cleared on its payment_date (on or after issue_date, not after --as-of); a row naming an open item clears it on that date. Any --mode.

            rates: exchange rates for the reports' --in: `rate` units of `currency` for one unit of `base` (EUR when the column is absent) on `date`, e.g. `2026-11-20,USD,1.0842`. Every rate of the store is quoted against one base. A report converts with each currency's latest rate on or before its report date, and says which.

            A file with any bad row changes nothing: fix the lines reported and import again. Exit codes: 0 imported, 1 rows rejected (nothing changed), 64 usage error.
            """)

    @Argument(help: "What the file holds: users, customers, portfolio, contacts, items, statuses, payments, history, rates.")
    var kind: ImportKind

    @Argument(help: "The CSV file.")
    var file: String

    @Option(help: "For items: stock (full list, clears missing) or delta (changes only).")
    var mode: ItemsImportMode = .delta

    @Option(help: ArgumentHelp("Clearing date for items cleared by this import (default today).", valueName: "DATE"))
    var asOf: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reporting { try await runImport(kind: kind, file: file, mode: mode, asOf: asOf, json: json, data: data) }
    }
}

/// Runs one CSV import and prints its report; exits 1 when rows were rejected.
func runImport(kind: ImportKind, file: String, mode: ItemsImportMode, asOf: String?, json: Bool, data: DataOptions) async throws {
    guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
    let store = try data.openStore()
    let report = try await store.importFile(kind, from: URL(fileURLWithPath: file), mode: mode, asOf: try asOf.map(parseDate) ?? .today())
    if json {
        try printJSON(report, encoder: WireJSON.encoder(pretty: true))
    } else {
        var table = Table(["read", "created", "updated", "unchanged", "cleared", "rejected"], alignments: Array(repeating: .right, count: 6))
        table.add([.init(String(report.read)), .init(String(report.created)), .init(String(report.updated)),
                   .init(String(report.unchanged)), .init(String(report.cleared)),
                   .init(String(report.rejected.count), report.rejected.isEmpty ? nil : .red)])
        print("\(report.kind.rawValue) from \(report.file)\(report.mode.map { " (\($0.rawValue))" } ?? "")")
        print(table.render())
        if report.cancelledActions > 0 { print("Cancelled \(report.cancelledActions) planned action(s) whose items are all paid.") }
        for row in report.rejected.prefix(50) { print(Style.red.apply("line \(row.line): \(row.reason)")) }
        if report.rejected.count > 50 { print("… and \(report.rejected.count - 50) more rejected lines (use --json for all)") }
        print(report.applied ? "Imported." : Style.red.apply("Nothing was imported: fix the lines above and run again."))
    }
    if !report.applied { throw ExitCode(1) }
}
