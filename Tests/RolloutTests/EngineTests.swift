import Foundation
import Games
import Rollout
import Testing

@Suite("Rollout engine")
struct EngineTests {
    /// Every recorded column of a run, concatenated in episode order.
    struct Recording: Equatable {
        var observations: [Float] = []
        var masks: [UInt8] = []
        var seats: [Int32] = []
        var roles: [Int32] = []
        var actions: [Int32] = []
        var rewards: [Float] = []
        var episodeIDs: [Int64] = []
        var stepIndices: [Int32] = []
        var terminals: [UInt8] = []
        var returns: [Float] = []
        var lengths: [Int32] = []
        var outcomes: [Int8] = []
        var results: [Double] = []
    }

    func record<G: Game>(_ game: G, policies: [Policy<G>], episodes: Int, threads: Int, batchSize: Int, assignment: SeatAssignment = .selfPlay) throws
        -> Recording
    {
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 99, threads: threads, batchSize: batchSize, record: true))
        var recording = Recording()
        try engine.run(episodes: 0..<episodes, policies: policies, assignment: assignment) { batch in
            recording.results += batch.results.returns
            for buffer in batch.trajectories {
                recording.observations += buffer.observations.array
                recording.masks += buffer.legalMasks.array
                recording.seats += buffer.seats.array
                recording.roles += buffer.roles.array
                recording.actions += buffer.actions.array
                recording.rewards += buffer.rewards.array
                recording.episodeIDs += buffer.episodeIDs.array
                recording.stepIndices += buffer.stepIndices.array
                recording.terminals += buffer.terminals.array
                recording.returns += buffer.returns.array
                recording.lengths += buffer.lengths.array
                recording.outcomes += buffer.outcomes.array
            }
        }
        return recording
    }

    @Test(
        "the same seed gives the same trajectories on any thread count and batch size",
        arguments: ["tic_tac_toe", "kuhn_poker(players=3)", "kuhn_poker(rounds=3)"])
    func reproducibleAcrossThreadsAndBatches(gameString: String) throws {
        struct Visitor: GameVisitor {
            let test: EngineTests
            func visit<G: Game>(_ game: G) throws -> Bool {
                let policies = [Policy<G>.uniformRandom(), try PolicyCatalog.make("first_legal", for: game)]
                let reference = try test.record(game, policies: policies, episodes: 777, threads: 1, batchSize: 777, assignment: .alternating(0, 1))
                let threaded = try test.record(game, policies: policies, episodes: 777, threads: 2, batchSize: 100, assignment: .alternating(0, 1))
                let odd = try test.record(game, policies: policies, episodes: 777, threads: 3, batchSize: 7, assignment: .alternating(0, 1))
                #expect(reference.lengths.count == 777)
                #expect(!reference.actions.isEmpty)
                return reference == threaded && reference == odd
            }
        }
        #expect(try GameCatalog.visit(gameString, with: Visitor(test: self)))
    }

    @Test func recordedRewardsAddUpToTheReturns() throws {
        let game = try KuhnPoker(["rounds": .int(3)])
        let recording = try record(game, policies: [.uniformRandom()], episodes: 300, threads: 2, batchSize: 64)
        var sums = [Float](repeating: 0, count: 300 * 2)
        for step in 0..<recording.seats.count {
            let episode = Int(recording.episodeIDs[step])
            for seat in 0..<2 { sums[episode * 2 + seat] += recording.rewards[step * 2 + seat] }
        }
        #expect(sums == recording.returns)
        #expect(recording.terminals.filter { $0 == 1 }.count == 300)
        #expect(Int(recording.lengths.reduce(0, +)) == recording.seats.count)
        #expect(recording.returns.map(Double.init) == recording.results)
    }

    @Test func recordedStepsMatchAReplayOfTheRules() throws {
        let game = TicTacToe()
        let recording = try record(game, policies: [.uniformRandom()], episodes: 50, threads: 2, batchSize: 16)
        var state = game.initialState()
        for step in 0..<recording.seats.count {
            if recording.stepIndices[step] == 0 { state = game.initialState() }
            #expect(game.currentPlayer(state) == .seat(Int(recording.seats[step])))
            #expect(Array(recording.observations[(step * 27)..<(step * 27 + 27)]) == game.observation(state, seat: Int(recording.seats[step])))
            #expect(Array(recording.masks[(step * 9)..<(step * 9 + 9)]) == game.legalMask(state).map { $0 ? 1 : 0 })
            game.apply(Int(recording.actions[step]), to: &state)
            #expect((recording.terminals[step] == 1) == game.isTerminal(state))
        }
    }

    @Test func buffersStopGrowingAfterTheFirstBatch() throws {
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 1, threads: 2, batchSize: 2000, record: true))
        var reserved: [Int] = []
        try engine.run(episodes: 0..<20_000, policies: [.uniformRandom()]) { _ in reserved.append(engine.reservedTrajectoryBytes) }
        #expect(reserved.count == 10)
        #expect(Set(reserved.dropFirst()).count == 1, "\(reserved)")
        #expect(reserved[0] > 0)
    }

    @Test func minimaxNeverLosesToRandomAndDrawsItself() throws {
        let game = TicTacToe()
        let minimax = try PolicyCatalog.make("minimax", for: game)
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 5, threads: 2))
        var minimaxLosses = 0
        var episodes = 0
        let assignment = SeatAssignment.alternating(0, 1)
        try engine.run(episodes: 0..<100_000, policies: [minimax, .uniformRandom()], assignment: assignment) { batch in
            for index in 0..<batch.results.count {
                let episode = batch.results.firstEpisode + index
                let minimaxSeat = assignment.policy(episode: episode, seat: 0, role: 0) == 0 ? 0 : 1
                if batch.results.returnOf(episode: index, seat: minimaxSeat) < 0 { minimaxLosses += 1 }
                episodes += 1
            }
        }
        #expect(episodes == 100_000)
        #expect(minimaxLosses == 0)
        var decisive = 0
        try engine.run(episodes: 0..<2000, policies: [minimax]) { batch in
            decisive += batch.results.returns.filter { $0 != 0 }.count
        }
        #expect(decisive == 0)
    }

    @Test func minimaxRefusesGamesWithChance() throws {
        #expect(throws: PolicyCatalog.UnknownPolicy.self) { try PolicyCatalog.make("minimax", for: KuhnPoker()) }
        #expect(throws: PolicyCatalog.UnknownPolicy.self) { try PolicyCatalog.make("smart", for: KuhnPoker()) }
    }

    /// Random self-play has its own unrecorded loop; it must play the same games as the general one.
    @Test func theRandomSelfPlayFastPathPlaysTheSameGames() throws {
        func results(record: Bool) throws -> (returns: [Double], lengths: [Int32]) {
            var output: (returns: [Double], lengths: [Int32]) = ([], [])
            let engine = RolloutEngine(
                game: try KuhnPoker(["rounds": .int(3)]), options: RolloutOptions(seed: 21, threads: 2, batchSize: 500, record: record))
            try engine.run(episodes: 0..<2000, policies: [.uniformRandom()]) { batch in
                output.returns += batch.results.returns
                output.lengths += batch.results.lengths
            }
            return output
        }
        let fast = try results(record: false)
        let general = try results(record: true)
        #expect(fast.returns == general.returns)
        #expect(fast.lengths == general.lengths)
        #expect(fast.lengths.count == 2000)
    }

    /// Every loop of the engine (random self-play's own, the general one, recording) must play
    /// the episodes a plain replay of the `Game` protocol plays with the same seed: chance by
    /// `rng.sample` over the listed outcomes, moves by a uniform draw over the legal actions.
    @Test(
        "the engine plays the games a plain replay of the rules plays",
        arguments: [
            "tic_tac_toe", "kuhn_poker", "kuhn_poker(players=3)", "kuhn_poker(rounds=3)", "kuhn_poker(preset=spiral_v1)", "negotiation", "werewolf",
        ])
    func engineMatchesAPlainReplay(gameString: String) throws {
        struct Visitor: GameVisitor {
            func visit<G: Game>(_ game: G) throws -> Bool {
                let episodes = 0..<300
                var expected: [Double] = []
                var expectedLengths: [Int32] = []
                for episode in episodes {
                    var rng = EpisodeRNG(seed: 5, episode: UInt64(episode))
                    var state = game.initialState()
                    var decisions: Int32 = 0
                    while !game.isTerminal(state) {
                        if game.currentPlayer(state) == .chance {
                            game.apply(rng.sample(game.chanceOutcomes(state)), to: &state)
                        } else {
                            let legal = game.legalActions(state)
                            game.apply(legal[rng.index(below: legal.count)], to: &state)
                            decisions += 1
                        }
                    }
                    expected += game.returns(state)
                    expectedLengths.append(decisions)
                }
                var matches = true
                for (record, threads) in [(false, 1), (false, 2), (true, 2)] {
                    // Two random policies take the general loop; one takes random self-play's own.
                    for policies in [[Policy<G>.uniformRandom()], [.uniformRandom(), .uniformRandom(name: "random2")]] {
                        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 5, threads: threads, batchSize: 128, record: record))
                        var returns: [Double] = []
                        var lengths: [Int32] = []
                        try engine.run(episodes: episodes, policies: policies, assignment: .alternating(0, policies.count - 1)) { batch in
                            returns += batch.results.returns
                            lengths += batch.results.lengths
                        }
                        matches = matches && returns == expected && lengths == expectedLengths
                    }
                }
                return matches
            }
        }
        #expect(try GameCatalog.visit(gameString, with: Visitor()))
    }

    /// The engine reuses its results storage batch after batch and run after run; results a
    /// caller keeps must not change.
    @Test func keptBatchResultsStayAsTheyWere() throws {
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 3, threads: 2, batchSize: 50))
        var kept: [EpisodeResults] = []
        var copied: [[Double]] = []
        let keep = { (batch: RolloutBatch) in
            kept.append(batch.results)
            copied.append(batch.results.returns.map { $0 })  // a copy of the values, not of the storage
        }
        // One run of five batches, then a run per batch (as `games bench` runs them).
        try engine.run(episodes: 0..<250, policies: [.uniformRandom()], onBatch: keep)
        for first in stride(from: 250, to: 500, by: 50) {
            try engine.run(episodes: first..<(first + 50), policies: [.uniformRandom()], onBatch: keep)
        }
        #expect(kept.count == 10)
        #expect(kept.map(\.returns) == copied)
        #expect(kept.map(\.firstEpisode) == Array(stride(from: 0, to: 500, by: 50)))
        #expect(Set(copied).count > 1)
        var oneRun: [Double] = []
        try RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 3, threads: 2, batchSize: 50))
            .run(episodes: 0..<500, policies: [.uniformRandom()]) { oneRun += $0.results.returns }
        #expect(copied.flatMap { $0 } == oneRun)
    }

    @Test func shardsCoverTheRangeInOrder() throws {
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 3, batchSize: 10))
        var firsts: [Int] = []
        var counts: [Int] = []
        try engine.run(episodes: 5..<30, policies: [.uniformRandom()]) { batch in
            firsts.append(batch.results.firstEpisode)
            counts.append(batch.results.count)
        }
        #expect(firsts == [5, 15, 25])
        #expect(counts == [10, 10, 5])
    }
}
