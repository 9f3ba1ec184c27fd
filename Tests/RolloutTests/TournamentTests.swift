import Foundation
import Games
import Rollout
import Testing

@Suite("Tournaments and ratings")
struct TournamentTests {
    @Test func twoPlayerBradleyTerryMatchesTheClosedForm() throws {
        // With one virtual draw as prior, strength ratio = (score + 0.5) / (games - score + 0.5).
        let ratings = BradleyTerry.ratings(players: 2, comparisons: [.init(a: 0, b: 1, games: 100, scoreA: 75)])
        let expected = 400 * log10(75.5 / 25.5)
        #expect(abs((ratings[0] - ratings[1]) - expected) < 1e-6)
        #expect(abs(ratings[0] + ratings[1]) < 1e-9)
    }

    @Test func equalResultsGiveEqualRatingsAndAnUnbeatenPolicyStaysFinite() throws {
        let even = BradleyTerry.ratings(players: 3, comparisons: [
            .init(a: 0, b: 1, games: 10, scoreA: 5), .init(a: 1, b: 2, games: 10, scoreA: 5), .init(a: 0, b: 2, games: 10, scoreA: 5),
        ])
        #expect(even.allSatisfy { abs($0) < 1e-6 })
        let unbeaten = BradleyTerry.ratings(players: 2, comparisons: [.init(a: 0, b: 1, games: 1000, scoreA: 1000)])
        #expect(unbeaten[0].isFinite && unbeaten[0] > 500)
    }

    @Test func theSameSeedGivesTheSameTableOnOneAndTwoThreads() throws {
        let game = TicTacToe()
        let policies = try ["random", "minimax", "first_legal"].map { try PolicyCatalog.make($0, for: game) }
        let one = try Tournament.run(game: game, policies: policies, episodesPerPairing: 3000, options: RolloutOptions(seed: 4, threads: 1))
        let two = try Tournament.run(game: game, policies: policies, episodesPerPairing: 3000, options: RolloutOptions(seed: 4, threads: 2, batchSize: 999))
        #expect(one.pairings.map { [$0.wins, $0.draws, $0.losses] } == two.pairings.map { [$0.wins, $0.draws, $0.losses] })
        #expect(one.pairings.map(\.meanReturn) == two.pairings.map(\.meanReturn))
        #expect(one.ratings.map(\.elo) == two.ratings.map(\.elo))
        #expect(one.ratings.map(\.low) == two.ratings.map(\.low))
        // minimax is rated highest, with an interval that excludes random's.
        let minimax = try #require(one.ratings.first { one.policies[$0.policy] == "minimax" })
        let random = try #require(one.ratings.first { one.policies[$0.policy] == "random" })
        #expect(minimax.low > random.high)
    }

    @Test func seatsAreSwappedSoEachPolicyPlaysEachSeatEqually() throws {
        let game = TicTacToe()
        let result = try Tournament.run(game: game, policies: [.uniformRandom(), .uniformRandom(name: "random2")], episodesPerPairing: 1000, options: RolloutOptions(seed: 1))
        for record in result.roles { #expect(record.seatsPlayed == 500) }
        #expect(result.roles.count == 4)
        let pairing = result.pairings[0]
        #expect(pairing.wins + pairing.draws + pairing.losses == 1000)
        // Identical policies: the mean return is 0 within its interval (seat advantage cancels).
        #expect(abs(pairing.meanReturn) <= pairing.meanReturnInterval)
    }

    @Test func aSinglePolicyPlaysItself() throws {
        let result = try Tournament.run(game: KuhnPoker(), policies: [.uniformRandom()], episodesPerPairing: 500, options: RolloutOptions(seed: 2))
        #expect(result.pairings.count == 1)
        #expect(result.pairings[0].a == 0 && result.pairings[0].b == 0)
        #expect(result.pairings[0].episodes == 500)
    }
}

@Suite("Team tournaments")
struct TeamTournamentTests {
    @Test func teamsAlternateAndTheHeuristicBeatsRandom() throws {
        let game = Werewolf()
        let policies = try ["random", "heuristic"].map { try PolicyCatalog.make($0, for: game) }
        let result = try Tournament.run(game: game, policies: policies, episodesPerPairing: 400, options: RolloutOptions(seed: 3))
        #expect(result.teamNames == ["werewolves", "village"])
        // Each policy plays each team in half the episodes.
        for record in result.teams { #expect(record.seatsPlayed == 200) }
        #expect(result.teams.count == 4)
        // A team game has a winner or a draw each episode, and the heuristic wins more often.
        let pairing = try #require(result.pairings.first)
        #expect(pairing.wins + pairing.draws + pairing.losses == 400)
        #expect(pairing.losses > pairing.wins)
        // Per-role records add up: werewolf seats are two per game.
        let randomWerewolf = try #require(result.roles.first { $0.policy == 0 && result.roleNames[$0.role] == "werewolf" })
        #expect(randomWerewolf.seatsPlayed == 400)
    }

    @Test func chipGamesAreScoredByMarginNotByHandsWon() throws {
        // Always betting wins most hands against CFR but loses chips; the margin score sees that.
        let game = KuhnPoker()
        let policies = try ["cfr", "last_legal"].map { try PolicyCatalog.make($0, for: game) }
        let result = try Tournament.run(game: game, policies: policies, episodesPerPairing: 20_000, options: RolloutOptions(seed: 9))
        let pairing = try #require(result.pairings.first)
        #expect(pairing.losses > pairing.wins)
        #expect(pairing.meanReturn > 0)
        #expect(pairing.meanScore > 0.5)
        #expect(result.ratings[0].elo > result.ratings[1].elo)
    }

    @Test func theHeuristicPolicyNeedsAGameThatHasOne() {
        #expect(throws: PolicyCatalog.UnknownPolicy.self) { try PolicyCatalog.make("heuristic", for: TicTacToe()) }
    }
}
