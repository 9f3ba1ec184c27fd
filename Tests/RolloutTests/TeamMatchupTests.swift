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

    /// Every living player's night turn is a decision, a villager's sleep included: one day
    /// without discussion is 7 night turns and 6 or 7 votes (one player may die at night),
    /// whoever holds which role.
    @Test func aWerewolfMatchupCountsEveryNightTurn() throws {
        let game = try Werewolf(["max_days": .int(1), "discussion_rounds": .int(0)])
        let random = try PolicyCatalog.make("random", for: game)
        let matchup = try TeamMatchup.measure(game, policies: [random, random], episodes: 200, options: RolloutOptions(seed: 2))
        #expect(matchup.episodes == 200)
        #expect(matchup.meanDecisions >= 13 && matchup.meanDecisions <= 14, "\(matchup.meanDecisions)")
    }
}
