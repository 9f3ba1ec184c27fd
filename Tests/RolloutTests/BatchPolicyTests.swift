import Foundation
import Games
import Rollout
import Testing

/// A batch policy that plays the lowest legal index, and counts its calls.
final class LowestLegalBatchPolicy: BatchPolicy, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls = 0
    private(set) var decisions = 0
    var answerIllegal = false

    func act(_ batch: DecisionBatch) throws -> [Int32] {
        lock.lock()
        calls += 1
        decisions += batch.count
        lock.unlock()
        return (0..<batch.count).map { row in
            let mask = batch.legalMasks[(row * batch.actionCount)..<((row + 1) * batch.actionCount)]
            let legal = mask.firstIndex(of: 1).map { $0 - row * batch.actionCount } ?? 0
            let illegal = mask.firstIndex(of: 0).map { $0 - row * batch.actionCount } ?? batch.actionCount
            return Int32(answerIllegal ? illegal : legal)
        }
    }
}

@Suite("Batched policies")
struct BatchPolicyTests {
    @Test("a batched policy plays exactly like the same rule played per decision", arguments: [false, true])
    func lockstepMatchesPerDecision(record: Bool) throws {
        let game = try KuhnPoker(["rounds": .int(3)])
        let batched = LowestLegalBatchPolicy()
        let options = RolloutOptions(seed: 8, threads: 2, batchSize: 300, record: record)
        func run(_ policies: [Policy<KuhnPoker>]) throws -> (returns: [Double], actions: [Int32], rewards: [Float], episodes: [Int64]) {
            var output: (returns: [Double], actions: [Int32], rewards: [Float], episodes: [Int64]) = ([], [], [], [])
            try RolloutEngine(game: game, options: options).run(episodes: 0..<1000, policies: policies, assignment: .alternating(0, 1)) { batch in
                output.returns += batch.results.returns
                for buffer in batch.trajectories {
                    output.actions += buffer.actions.array
                    output.rewards += buffer.rewards.array
                    output.episodes += buffer.episodeIndex.array
                }
            }
            return output
        }
        let perDecision = try run([try PolicyCatalog.make("first_legal", for: game), .uniformRandom()])
        let lockstep = try run([Policy(name: "remote", batched: batched), .uniformRandom()])
        #expect(lockstep.returns == perDecision.returns)
        #expect(lockstep.actions == perDecision.actions)
        #expect(lockstep.rewards == perDecision.rewards)
        #expect(lockstep.episodes == perDecision.episodes)
        #expect(record == !lockstep.actions.isEmpty)
        // Far fewer calls than decisions: one per round per shard.
        #expect(batched.decisions > 3000)
        #expect(batched.calls < batched.decisions / 50)
    }

    @Test func anIllegalAnswerStopsTheRolloutWithAnError() throws {
        let batched = LowestLegalBatchPolicy()
        batched.answerIllegal = true
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 1, threads: 2))
        do {
            try engine.run(episodes: 0..<10, policies: [Policy(name: "remote", batched: batched)]) { _ in }
            Issue.record("an illegal action was played")
        } catch let error as BatchPolicyError {
            #expect(error.description.contains("not legal"))
        }
    }
}

@Suite("One decision at a time")
struct SingleDecisionTests {
    @Test func aBatchedPolicyIsAskedWithABatchOfOne() throws {
        let game = TicTacToe()
        let state = try game.replay([0, 4])
        let batched = LowestLegalBatchPolicy()
        var rng = EpisodeRNG(seed: 1, episode: 0)
        let action = try Policy<TicTacToe>(name: "remote", batched: batched).decide(game, state, seat: 0, rng: &rng)
        // Cells 0 and 4 are taken: the lowest legal cell is 1.
        #expect(action == 1)
        #expect(batched.calls == 1 && batched.decisions == 1)
    }

    @Test func aPerDecisionPolicyAnswersAsInTheEngine() throws {
        let game = KuhnPoker()
        var state = game.initialState()
        while game.currentPlayer(state) == .chance { game.apply(game.chanceOutcomes(state)[0].action, to: &state) }
        var rng = EpisodeRNG(seed: 1, episode: 0)
        #expect(try PolicyCatalog.make("last_legal", for: game).decide(game, state, seat: 0, rng: &rng) == 1)
        #expect(try PolicyCatalog.make("first_legal", for: game).decide(game, state, seat: 0, rng: &rng) == 0)
    }

    @Test func anIllegalAnswerIsAnError() throws {
        let batched = LowestLegalBatchPolicy()
        batched.answerIllegal = true
        let game = TicTacToe()
        var rng = EpisodeRNG(seed: 1, episode: 0)
        #expect(throws: BatchPolicyError.self) {
            try Policy<TicTacToe>(name: "remote", batched: batched).decide(game, try game.replay([0]), seat: 1, rng: &rng)
        }
    }
}
