import ArgumentParser
import DSOModel
import Foundation

/// Runs a command-line tool the way people expect: a mistyped command gets a suggestion, a usage
/// error is one line that names the help to read, and the exit code says what happened
/// (64 for usage errors).
public enum CommandLineRunner {
    /// Exit code of a usage error (BSD `EX_USAGE`).
    public static let usageExitCode: Int32 = 64

    public static func main<Root: AsyncParsableCommand>(_ root: Root.Type, arguments: [String]) async -> Never {
        let name = root.configuration.commandName ?? "command"
        let path = commandPath(root, arguments)
        if let wrong = unknownSubcommand(root, arguments) {
            let known = subcommands(of: path.last?.type ?? root).map(\.name)
            let close = Spelling.closeMatches(wrong, in: known)
            let prefix = ([name] + path.map(\.name)).joined(separator: " ")
            Terminal.error("\(prefix): unknown command '\(wrong)'" + (close.isEmpty ? "" : " — did you mean '\(close.joined(separator: "' or '"))'?")
                           + " (`\(prefix) --help` lists the commands)")
            exit(usageExitCode)
        }
        do {
            var command = try root.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            let code = root.exitCode(for: error)
            // Help and --version print themselves; so do explicit exit codes.
            if code == .success || error is ExitCode { root.exit(withError: error) }
            let command = ([name] + path.map(\.name)).joined(separator: " ")
            let message = root.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            guard code == .validationFailure else {
                // Not a usage error: a failure the command did not report itself.
                Terminal.error("\(command): \(lowercasedFirst(message))")
                exit(1)
            }
            Terminal.error("\(command): \(lowercasedFirst(message)) — see `\(command) --help`")
            exit(usageExitCode)
        }
    }

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase, !(text.dropFirst().first?.isUppercase ?? false) else { return text }
        return first.lowercased() + text.dropFirst()
    }

    struct Named {
        var name: String
        var type: any ParsableCommand.Type
    }

    static func subcommands(of type: any ParsableCommand.Type) -> [Named] {
        type.configuration.subcommands.map { Named(name: $0.configuration.commandName ?? String(describing: $0).lowercased(), type: $0) }
    }

    /// The subcommands named at the start of `arguments` (`contact add` → [contact, add]).
    static func commandPath(_ root: any ParsableCommand.Type, _ arguments: [String]) -> [Named] {
        var path: [Named] = []
        var current: any ParsableCommand.Type = root
        for argument in arguments {
            guard let next = subcommands(of: current).first(where: { $0.name == argument }) else { break }
            path.append(next)
            current = next.type
        }
        return path
    }

    /// The first word where a subcommand was expected but none matches, if any.
    static func unknownSubcommand(_ root: any ParsableCommand.Type, _ arguments: [String]) -> String? {
        let path = commandPath(root, arguments)
        let type = path.last?.type ?? root
        let children = subcommands(of: type)
        guard !children.isEmpty, arguments.count > path.count else { return nil }
        let word = arguments[path.count]
        guard !word.hasPrefix("-"), word != "help" else { return nil }
        return word
    }
}
