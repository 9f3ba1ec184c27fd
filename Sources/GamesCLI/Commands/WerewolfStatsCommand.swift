import ArgumentParser
import Foundation
import Games
import Rollout

/// `games werewolf-stats`: the team win rates printed on the Werewolf card.
struct WerewolfStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "werewolf-stats",
        abstract: "Measure Werewolf team win rates for random and heuristic play (the card's table).",
        discussion: "Every pairing of village policy and werewolf policy plays the same seeded episodes. The card's numbers come from the defaults."
    )

    enum DefaultGameString: DefaultGame {
        static let gameString: String? = "werewolf"
    }

    @OptionGroup var game: GameSelection<DefaultGameString>

    @Option(parsing: .unconditional, help: "Episodes per pairing.")
    var episodes = 20_000

    @Option(parsing: .unconditional, help: "The run seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    }

    func run() throws {
        let parameters: GameParameters
        do {
            parameters = try GameCatalog.parameters(of: game.gameString)
        } catch {
            throw ValidationError("\(error)\nTry `games show werewolf` for the parameters.")
        }
        guard parameters.gameName == Werewolf.info.name else {
            throw ValidationError(
                "werewolf-stats measures werewolf games only, got '\(parameters.gameName)'; e.g. games werewolf-stats 'werewolf(players=8)'")
        }
        let werewolf: Werewolf
        do {
            werewolf = try Werewolf(parameters: parameters)
        } catch {
            throw ValidationError("\(error)")
        }
        let names = ["random", "heuristic"]
        let policies = try names.map { try PolicyCatalog.make($0, for: werewolf) }
        let werewolves = Werewolf.Team.werewolves.rawValue
        let village = Werewolf.Team.village.rawValue
        print("\(werewolf.description), \(episodes) episodes per row, seed \(seed)")
        print("| village | werewolves | village wins | werewolf wins | draws | mean decisions |")
        print("|---|---|---|---|---|---|")
        let progress = ProgressBar(label: "werewolf-stats \(werewolf.description)")
        let total = policies.count * policies.count * episodes
        var measured = 0
        for villagePolicy in policies {
            for werewolfPolicy in policies {
                var byTeam = [villagePolicy, villagePolicy]
                byTeam[werewolves] = werewolfPolicy
                let result = try TeamMatchup.measure(werewolf, policies: byTeam, episodes: episodes, options: RolloutOptions(seed: seed)) { done, _ in
                    progress.update(measured + done, total)
                }
                measured += episodes
                progress.clear()
                print(
                    "| \(villagePolicy.name) | \(werewolfPolicy.name) | \(percent(result.winRate(village))) | \(percent(result.winRate(werewolves))) | \(percent(result.drawRate)) | \(String(format: "%.1f", result.meanDecisions)) |"
                )
            }
        }
    }

    private func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }
}
