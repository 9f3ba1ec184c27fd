import ArgumentParser
import Foundation

/// The `games` command: the front door of SelfPlay.
@main
struct GamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Self-play games for reinforcement learning: exact rules, fast rollouts, text and tensor faces.",
        discussion: """
            Games are named by game strings such as tic_tac_toe or kuhn_poker(players=3), given as the \
            first argument of every command that plays one (`--game GAME` also works). Start with `games list`.
            Exit status: 0 on success, 64 when the command line is wrong (an unknown option, game, \
            policy, a value out of range, a game too large for an exact solver), 1 for any other failure.
            """,
        subcommands: [
            ListCommand.self, ShowCommand.self, PlayCommand.self, SelfplayCommand.self, RolloutCommand.self,
            SolveCommand.self, ExploitabilityCommand.self, InfostatesCommand.self, PlaythroughCommand.self, BenchCommand.self,
            ServeCommand.self, KeygenCommand.self, WerewolfStatsCommand.self,
        ]
    )

    /// Parses and runs like ArgumentParser's `main()`, except that a `ValidationError` thrown
    /// while running (a game string or policy found wrong only once it is loaded) is reported
    /// with the subcommand's usage, as one thrown while parsing is, instead of the top-level one.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            exitWithUsageError(error.message, command: type(of: command))
        } catch {
            exit(withError: error)
        }
    }

    /// Prints `Error: message`, the usage of `command` and where its help is, then exits with
    /// EX_USAGE (64), the status ArgumentParser gives usage errors found while parsing.
    static func exitWithUsageError(_ message: String, command: ParsableCommand.Type) -> Never {
        let path = commandPath(to: command).joined(separator: " ")
        let text = "Error: \(message)\nUsage: \(usageString(for: command))\n  See '\(path) --help' for more information.\n"
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
    }

    /// The command names from `games` down to `command`, e.g. `games bench rae`.
    static func commandPath(to command: ParsableCommand.Type, from root: ParsableCommand.Type = GamesCommand.self) -> [String] {
        let name = root.configuration.commandName ?? "games"
        if root == command { return [name] }
        for child in root.configuration.subcommands {
            let below = commandPath(to: command, from: child)
            if !below.isEmpty { return [name] + below }
        }
        return []
    }
}
