import ArgumentParser
import Foundation
import Games
import Rollout

/// `games selfplay`: a round-robin tournament with ratings.
struct SelfplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfplay",
        abstract: "Play a round-robin tournament between policies, seats swapped, rated by Nash averaging and Bradley-Terry (Elo).",
        discussion: """
            With no arguments, `games selfplay` plays Kuhn Poker between its default policies.
            Nash average: a policy's mean return against the maximum-entropy Nash mixture of the \
            line-up (0 for the policies in the mixture, below 0 for the ones it beats). Elo: a \
            Bradley-Terry fit to per-game scores, which rewards beating weak policies. Where returns \
            are margins (Kuhn Poker's chips), the pairing table leads with the mean return per game.
            """
    )

    /// Kuhn Poker: the README's first command plays it.
    enum DefaultGameString: DefaultGame {
        static let gameString: String? = "kuhn_poker"
    }

    @OptionGroup var game: GameSelection<DefaultGameString>

    @Option(
        help:
            "Comma-separated policies (default: a line-up for the game). Accepted: \(PolicyNames.acceptedList); remote:ENDPOINT is a policy served over the bridge."
    )
    var policies: String?

    @Option(parsing: .unconditional, help: "Episodes per pairing.")
    var episodes = 10_000

    @OptionGroup var threads: ThreadCount

    @Option(parsing: .unconditional, help: "The run seed: the same seed gives the same table on any thread count.")
    var seed: UInt64 = 0

    @Flag(help: "Print a JSON object with the ratings and per-pairing results.")
    var json = false

    @Flag(help: "Print the per-pairing results as CSV.")
    var csv = false

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        guard !(json && csv) else { throw ValidationError("choose one of --json and --csv") }
    }

    func run() throws {
        let result = try visitGame(game.gameString, with: TournamentVisitor(command: self))
        if json {
            try printJSON(TournamentReport.json(result))
        } else if csv {
            print(TournamentReport.csv(result), terminator: "")
        } else {
            print(TournamentReport.table(result), terminator: "")
        }
    }

    struct TournamentVisitor: GameVisitor {
        let command: SelfplayCommand
        func visit<G: Game>(_ game: G) throws -> Tournament.Result {
            let policies = try policyLineup(command.policies, for: game)
            let progress = ProgressBar(label: "selfplay \(game.description)")
            let options = RolloutOptions(seed: command.seed, threads: command.threads.threads, batchSize: 8192)
            return try Tournament.run(
                game: game, policies: policies, episodesPerPairing: command.episodes, options: options, progress: progress.update)
        }
    }
}
