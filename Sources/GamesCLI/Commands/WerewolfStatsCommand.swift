import ArgumentParser
import Games

/// `games werewolf-stats`: the team win rates printed on the Werewolf card.
struct WerewolfStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "werewolf-stats",
        abstract: "Measure Werewolf team win rates for random and heuristic play (the card's table).",
        discussion: "Every pairing of village policy and werewolf policy plays the same seeded episodes. The card's numbers come from the defaults."
    )

    @Option(help: "A werewolf game string, e.g. werewolf(preset=werewolf_arena).")
    var game = "werewolf"

    @Option(help: "Episodes per pairing.")
    var episodes = 20_000

    @Option(help: "The run seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    }

    func run() throws {
        let parameters: GameParameters
        do {
            parameters = try GameCatalog.parameters(of: game)
        } catch {
            throw ValidationError("\(error)\nTry `games show werewolf` for the parameters.")
        }
        guard parameters.gameName == Werewolf.info.name else {
            throw ValidationError("werewolf-stats measures werewolf games only, got '\(parameters.gameName)'; e.g. --game werewolf(players=8)")
        }
        let werewolf: Werewolf
        do {
            werewolf = try Werewolf(parameters: parameters)
        } catch {
            throw ValidationError("\(error)")
        }
        print("\(werewolf.description), \(episodes) episodes per row, seed \(seed)")
        print("| village | werewolves | village wins | werewolf wins | draws | mean days |")
        print("|---|---|---|---|---|---|")
        for village in WerewolfWinRates.Policy.allCases {
            for werewolves in WerewolfWinRates.Policy.allCases {
                let rates = WerewolfWinRates.measure(werewolf, village: village, werewolves: werewolves, episodes: episodes, seed: seed)
                print("| \(village.rawValue) | \(werewolves.rawValue) | \(percent(rates.villageRate)) | \(percent(rates.werewolfRate)) | \(percent(rates.drawRate)) | \(twoDecimals(rates.meanDays)) |")
            }
        }
    }

    private func percent(_ rate: Double) -> String {
        let tenths = Int((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    private func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
