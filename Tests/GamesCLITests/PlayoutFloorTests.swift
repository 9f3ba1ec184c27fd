import Games
import Rollout
import Testing

@testable import GamesCLI

/// `games bench` divides the engine's speed by its floor's; the ratio means something only if
/// the floor plays the same random games, so its episodes must be as long (and, for Kuhn Poker,
/// end as well for seat 0) as the engine's.
@Suite("games bench: the floor plays the game it stands for")
struct PlayoutFloorTests {
    static let episodes = 200_000

    /// Decisions per episode and seat 0's return, averaged over the engine's random self-play.
    func engineMeans<G: Game>(_ game: G) throws -> (length: Double, seatZeroReturn: Double) {
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 11, threads: 2, batchSize: 65_536))
        var steps = 0
        var seatZero = 0.0
        try engine.run(episodes: 0..<Self.episodes, policies: [.uniformRandom()]) { batch in
            steps += batch.results.lengths.reduce(0) { $0 + Int($1) }
            seatZero += (0..<batch.results.count).reduce(0) { $0 + batch.results.returnOf(episode: $1, seat: 0) }
        }
        return (Double(steps) / Double(Self.episodes), seatZero / Double(Self.episodes))
    }

    @Test func theTicTacToeFloorPlaysGamesAsLongAsTheEngines() throws {
        let floor = try #require(PlayoutFloor.named("tic_tac_toe"))
        var rng = EpisodeRNG(seed: 3)
        let played = floor.play(Self.episodes, &rng)
        let floorLength = Double(played.steps) / Double(Self.episodes)
        let engineLength = try engineMeans(TicTacToe()).length
        // Random TicTacToe lasts about 7.6 moves with a spread of about 1.3: over 200,000 games
        // each mean is within 0.01 of the truth with overwhelming probability.
        #expect(abs(floorLength - engineLength) < 0.02, "floor \(floorLength), engine \(engineLength)")
        #expect((7...8).contains(floorLength))
    }

    @Test func theKuhnPokerFloorPlaysGamesAsLongAndAsWonAsTheEngines() throws {
        let floor = try #require(PlayoutFloor.named("kuhn_poker"))
        var rng = EpisodeRNG(seed: 3)
        let played = floor.play(Self.episodes, &rng)
        let engine = try engineMeans(KuhnPoker())
        // Uniform play lasts 2.25 decisions on average and gives seat 0 +1/8 of a chip.
        #expect(abs(Double(played.steps) / Double(Self.episodes) - 2.25) < 0.01)
        #expect(abs(engine.length - 2.25) < 0.01)
        #expect(abs(Double(played.checksum) / Double(Self.episodes) - 0.125) < 0.02)
        #expect(abs(engine.seatZeroReturn - 0.125) < 0.02)
    }

    /// The seeded floor plays the same games, one generator per episode: as long on average,
    /// and the same games for the same episode indices however the range is cut.
    @Test(arguments: ["tic_tac_toe", "kuhn_poker"])
    func theSeededFloorPlaysTheSameGamesEpisodeByEpisode(gameString: String) throws {
        let floor = try #require(PlayoutFloor.named(gameString))
        var rng = EpisodeRNG(seed: 3)
        let streamed = floor.play(Self.episodes, &rng)
        let seeded = floor.playSeeded(0..<Self.episodes, 3)
        let meanLength = { (played: (steps: Int, checksum: Int)) in Double(played.steps) / Double(Self.episodes) }
        #expect(abs(meanLength(seeded) - meanLength(streamed)) < 0.02, "seeded \(meanLength(seeded)), streamed \(meanLength(streamed))")
        let whole = floor.playSeeded(1_000..<3_000, 8)
        let first = floor.playSeeded(1_000..<2_345, 8)
        let second = floor.playSeeded(2_345..<3_000, 8)
        #expect(whole.steps == first.steps + second.steps)
        #expect(whole.checksum == first.checksum + second.checksum)
        #expect(whole.steps != floor.playSeeded(1_000..<3_000, 9).steps || whole.checksum != floor.playSeeded(1_000..<3_000, 9).checksum)
    }

    @Test func onlyTheDefaultTicTacToeAndKuhnPokerHaveAFloor() {
        #expect(PlayoutFloor.named("kuhn_poker(players=3)") == nil)
        #expect(PlayoutFloor.named("werewolf") == nil)
    }
}
