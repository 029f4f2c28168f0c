import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

/// The `--collector LOGIN` filter of a manager's reads.
enum CollectorFilter {
    /// Says so when `login` names no collector the replica knows (a typo), rather than showing nothing.
    static func check(_ login: String, in replica: Replica) throws {
        let collectors = try replica.users().filter { $0.role == .collector }.map(\.login)
        guard !collectors.isEmpty, !collectors.contains(login) else { return }
        let close = Spelling.closeMatches(login, in: collectors)
        throw ValidationError("--collector: '\(login)' is not a collector" + (close.isEmpty ? " (`dso users` lists them)" : "; did you mean \(close.joined(separator: ", "))?"))
    }
}
