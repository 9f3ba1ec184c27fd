import Foundation
import Games
import Rollout
import Testing

@testable import Bridge

@Suite("Remote policy limits", .serialized)
struct RemotePolicyLimitTests {
    private func play(against learner: LowestLegalLearner) throws {
        let remote = try RemotePolicy(endpoint: learner.endpoint, game: TicTacToe().description, timeoutSeconds: 2)
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 1, batchSize: 4))
        try engine.run(episodes: 0..<4, policies: [Policy(name: "remote", batched: remote), .uniformRandom()]) { _ in }
    }

    /// A frame past the limit is never read into memory (ZeroMQ drops it as it arrives), and
    /// the error names the limit.
    @Test func aReplyWithAFrameOverTheSizeLimitIsDroppedAndTheErrorNamesTheLimit() throws {
        let learner = try LowestLegalLearner(context: try ZMQContext()) { [try ZMQMessage(size: 20 << 20)] }
        defer { learner.stop() }
        let error = try #require(throws: RemotePolicyError.self) { try play(against: learner) }
        #expect(error.description.contains("did not answer"))
        #expect(error.description.contains("RemotePolicy.maxReplyBytes"))
    }

    @Test func aReplyWithTooManyFramesIsRefusedNamingTheLimit() throws {
        let learner = try LowestLegalLearner(context: try ZMQContext()) { try (0..<12).map { _ in try ZMQMessage(copying: [0]) } }
        defer { learner.stop() }
        let error = try #require(throws: RemotePolicyError.self) { try play(against: learner) }
        #expect(error.description.contains("RemotePolicy.maxReplyFrames"))
    }

    @Test func aReplyOverTheSizeLimitInSmallFramesIsRefusedNamingTheLimit() throws {
        let learner = try LowestLegalLearner(context: try ZMQContext()) { try (0..<3).map { _ in try ZMQMessage(size: 400 << 10) } }
        defer { learner.stop() }
        let remote = try RemotePolicy(endpoint: learner.endpoint, game: TicTacToe().description, timeoutSeconds: 20, maxReplyBytes: 1 << 20)
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 1, batchSize: 4))
        let error = try #require(throws: RemotePolicyError.self) {
            try engine.run(episodes: 0..<4, policies: [Policy(name: "remote", batched: remote), .uniformRandom()]) { _ in }
        }
        #expect(error.description.contains("RemotePolicy.maxReplyBytes"))
    }
}
