import Games
import Rollout
import Testing

@Suite("Team matchups")
struct TeamMatchupTests {
    /// Werewolf's heuristic plays better than chance for both teams (fixed seed; the margins
    /// on the card are wide).
    @Test func theWerewolfHeuristicBeatsChanceForBothTeams() throws {
        let game = Werewolf()
        let random = try PolicyCatalog.make("random", for: game)
        let heuristic = try PolicyCatalog.make("heuristic", for: game)
        let wolves = Werewolf.Team.werewolves.rawValue
        let village = Werewolf.Team.village.rawValue
        func rates(village villagePolicy: Policy<Werewolf>, werewolves: Policy<Werewolf>) throws -> TeamMatchup {
            var byTeam = [villagePolicy, villagePolicy]
            byTeam[wolves] = werewolves
            return try TeamMatchup.measure(game, policies: byTeam, episodes: 1500, options: RolloutOptions(seed: 1))
        }
        let randomGame = try rates(village: random, werewolves: random)
        let heuristicGame = try rates(village: heuristic, werewolves: heuristic)
        #expect(try rates(village: heuristic, werewolves: random).winRate(village) > randomGame.winRate(village) + 0.05)
        #expect(try rates(village: random, werewolves: heuristic).winRate(wolves) > randomGame.winRate(wolves) + 0.03)
        #expect(heuristicGame.winRate(village) > randomGame.winRate(village) + 0.05)
        #expect(randomGame.episodes == 1500)
        #expect(randomGame.wins.reduce(0, +) + randomGame.draws == 1500)
        #expect(randomGame.meanDecisions > 10)
    }
}
