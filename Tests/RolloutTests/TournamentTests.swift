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
        let even = BradleyTerry.ratings(
            players: 3,
            comparisons: [
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
        let two = try Tournament.run(
            game: game, policies: policies, episodesPerPairing: 3000, options: RolloutOptions(seed: 4, threads: 2, batchSize: 999))
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
        let result = try Tournament.run(
            game: game, policies: [.uniformRandom(), .uniformRandom(name: "random2")], episodesPerPairing: 1000, options: RolloutOptions(seed: 1))
        for record in result.roles { #expect(record.seatsPlayed == 500) }
        #expect(result.roles.count == 4)
        let pairing = result.pairings[0]
        #expect(pairing.wins + pairing.draws + pairing.losses == 1000)
        // Identical policies: the mean return is 0 within its interval (seat advantage cancels).
        #expect(abs(pairing.meanReturn) <= pairing.meanReturnInterval)
    }

    @Test func nashAveragingRatesTheNashPolicyFirstWhereEloRatesAlwaysBetting() throws {
        // The README's line-up: last_legal (always bet) crushes first_legal, so Elo ranks it
        // above cfr, which beats every policy on chips.
        let game = KuhnPoker()
        let names = ["random", "cfr", "first_legal", "last_legal"]
        let policies = try names.map { try PolicyCatalog.make($0, for: game) }
        let result = try Tournament.run(game: game, policies: policies, episodesPerPairing: 10_000, options: RolloutOptions(seed: 0))
        #expect(result.returnsAreMargins)
        #expect(result.ratings[3].elo > result.ratings[1].elo)
        #expect(result.nash.weights == [0, 1, 0, 0])
        #expect(result.nash.ratings[1] == 0)
        for other in [0, 2, 3] { #expect(result.nash.ratings[other] < 0) }
        // Two seats, zero sum: the meta-game payoff is the mean return, and a rating is the
        // mean return against cfr.
        for pairing in result.pairings {
            #expect(abs(pairing.metaGamePayoff - pairing.meanReturn) < 1e-12)
            #expect(result.nash.payoffs[pairing.a][pairing.b] == pairing.metaGamePayoff)
        }
        let lastLegalAgainstCFR = try #require(result.pairings.first { $0.a == 1 && $0.b == 3 })
        #expect(abs(result.nash.ratings[3] + lastLegalAgainstCFR.meanReturn) < 1e-12)
    }

    @Test func winLoseGamesAreNotMarginGamesAndTheMetaGameIsAntisymmetricWithMoreSeats() throws {
        let ticTacToe = try Tournament.run(
            game: TicTacToe(), policies: [.uniformRandom(), try PolicyCatalog.make("first_legal", for: TicTacToe())],
            episodesPerPairing: 500, options: RolloutOptions(seed: 1))
        #expect(!ticTacToe.returnsAreMargins)
        // Three seats, two policies: one side holds two seats in every episode.
        let threePlayer = try KuhnPoker(["players": .int(3)])
        let kuhn = try Tournament.run(
            game: threePlayer, policies: [.uniformRandom(), try PolicyCatalog.make("last_legal", for: threePlayer)],
            episodesPerPairing: 2000, options: RolloutOptions(seed: 1))
        #expect(kuhn.returnsAreMargins)
        #expect(kuhn.nash.payoffs[0][1] == -kuhn.nash.payoffs[1][0])
        #expect(kuhn.nash.payoffs[0][1] == kuhn.pairings[0].metaGamePayoff)
        #expect(kuhn.nash.weights.reduce(0, +) == 1)
    }

    @Test func aSinglePolicyPlaysItself() throws {
        let result = try Tournament.run(game: KuhnPoker(), policies: [.uniformRandom()], episodesPerPairing: 500, options: RolloutOptions(seed: 2))
        #expect(result.pairings.count == 1)
        #expect(result.pairings[0].a == 0 && result.pairings[0].b == 0)
        #expect(result.pairings[0].episodes == 500)
        #expect(result.nash.weights == [1])
        #expect(result.nash.ratings == [0])
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
