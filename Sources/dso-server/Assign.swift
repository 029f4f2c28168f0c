import ArgumentParser
import DSOModel
import DSOProtocol
import DSOServer
import DSOTerminal
import Foundation

struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move customers between portfolios: one with --to, or many from a portfolio CSV file.",
        discussion: """
            dso-server assign C0042 --to bruno        C0042 moves to bruno's portfolio
            dso-server assign C0042 --unassign        C0042 leaves every portfolio
            dso-server assign --file portfolio.csv    columns customer, collector (empty: unassign)

            On their next sync the new collector's replica receives the customer and the old one's removes it. Work the old collector did offline on the customer before the move, or less than the reassignment grace after it (`dso-server settings set --reassignment-grace-days N`, 7 by default), is still accepted; later work waits in the conflict inbox (`dso-server conflicts`).

            A file with any bad row changes nothing. Exit codes: 0 done; 1 refused (unknown customer or user, rows rejected); 64 usage.
            """)

    @Argument(help: "Customer code (with --to or --unassign).") var customer: String?
    @Option(help: ArgumentHelp("The collector who takes the customer.", valueName: "LOGIN")) var to: String?
    @Flag(help: "Take the customer out of every portfolio.") var unassign = false
    @Option(help: ArgumentHelp("A portfolio CSV file (customer, collector) instead of one customer.", valueName: "FILE")) var file: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if file != nil {
            guard customer == nil, to == nil, !unassign else { throw ValidationError("give either --file FILE, or a customer with --to LOGIN or --unassign") }
        } else {
            guard customer != nil else { throw ValidationError("name a customer (dso-server assign C0042 --to bruno) or pass --file portfolio.csv") }
            guard (to != nil) != unassign else { throw ValidationError("say where the customer goes: --to LOGIN, or --unassign") }
        }
    }

    func run() async throws {
        if let file {
            return try await reporting { try await runImport(kind: .portfolio, file: file, mode: .delta, asOf: nil, json: json, data: data) }
        }
        try await reporting {
            let code = customer!
            let (previous, changed) = try await data.openExistingStore().assign(customerCode: code, to: to)
            if json {
                struct Output: Encodable { var customer: String; var from: String?; var to: String?; var changed: Bool }
                return try printJSON(Output(customer: code, from: previous, to: to, changed: changed), encoder: WireJSON.encoder(pretty: true))
            }
            guard changed else { return print("\(code) is already \(to.map { "in \($0)'s portfolio" } ?? "in no portfolio"); nothing changed.") }
            print("\(code): \(previous ?? "(no collector)") → \(to ?? "(no collector)"). Their replicas follow on their next sync.")
        }
    }
}
