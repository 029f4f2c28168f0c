import ArgumentParser
import Foundation

/// How much of a long list to print: a first screen in a table, everything with `--all` or in JSON.
struct ListOptions: ParsableArguments {
    static let defaultLimit = 50

    @Option(help: ArgumentHelp("Show at most N rows (default \(ListOptions.defaultLimit) in a table, all in --json).", valueName: "N"))
    var limit: Int?

    @Flag(help: "Show every row.")
    var all = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if limit != nil && all { throw ValidationError("--limit and --all exclude each other") }
    }

    /// The row limit to ask the replica for.
    func rows(json: Bool) -> Int? {
        if all { return nil }
        return limit ?? (json ? nil : ListOptions.defaultLimit)
    }

    /// The closing line of a table: how many there are, and how to see the rest.
    static func footer(shown: Int, total: Int, noun: String) -> String {
        shown < total ? "\(shown) of \(total) \(noun) shown; --all (or --limit N) shows more" : "\(total) \(noun)"
    }
}
