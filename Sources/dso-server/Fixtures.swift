import ArgumentParser
import DSOModel
import DSOServer
import Foundation

struct Fixtures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic sample portfolio (CSV files ready for `import`).",
        discussion: "The same --customers, --seed and --as-of always give byte-identical files.")

    @Option(help: "Number of customers.") var customers = 60
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Folder to write into.", valueName: "DIR")) var out: String
    @Option(help: ArgumentHelp("The date items are dated around (default today).", valueName: "DATE")) var asOf: String?
    @Option(help: ArgumentHelp("Months of invoices already paid written to history.csv (0: none), for DSO and the other history reports.",
                               valueName: "N"))
    var historyMonths = 12

    func validate() throws {
        guard (1...1_000_000).contains(customers) else { throw ValidationError("--customers must be 1…1000000") }
        guard (0...60).contains(historyMonths) else { throw ValidationError("--history-months must be 0…60") }
    }

    func run() async throws {
        let generator = FixtureGenerator(customers: customers, seed: seed, asOf: try asOf.map(parseDate) ?? .today(),
                                         historyMonths: historyMonths)
        try await reporting {
            do {
                let summary = try generator.write(to: URL(fileURLWithPath: out))
                let history = summary.history > 0 ? ", \(summary.history) paid invoices" : ""
                print("Wrote \(summary.customers) customers, \(summary.contacts) contacts, \(summary.items) items\(history) and \(FixtureGenerator.users.count) users to \(out)")
            } catch let error as CocoaError {
                throw Failure("cannot write to \(out): \(error.localizedDescription)")
            }
        }
    }
}
