@testable import Bridge
import Foundation
import Games
import Rollout
import Testing

/// A learner stand-in that answers the lowest legal index of every decision and then adds
/// the frames `extraFrames` makes to its reply.
final class PaddingLearner: @unchecked Sendable {
    let endpoint: String
    private let socket: ZMQSocket
    private let extraFrames: @Sendable () throws -> [ZMQMessage]
    private let stopSwitch = BridgeStopSwitch()
    private let finished = DispatchSemaphore(value: 0)

    init(context: ZMQContext, extraFrames: @escaping @Sendable () throws -> [ZMQMessage]) throws {
        socket = try ZMQSocket(context, type: .reply)
        try socket.set(.receiveTimeout, Int32(100))
        try socket.bind("tcp://127.0.0.1:*")
        endpoint = try socket.lastEndpoint()
        self.extraFrames = extraFrames
        Thread.detachNewThread { [self] in
            serve()
            finished.signal()
        }
    }

    private func serve() {
        while !stopSwitch.isStopped {
            guard let parts = try? socket.receive(), let request = try? IncomingMessage(frames: parts),
                  let (masks, shape) = try? request.array("legal_masks", as: UInt8.self)
            else { continue }
            let actions = (0..<shape[0]).map { row in Int32((0..<shape[1]).first { masks[row * shape[1] + $0] == 1 } ?? 0) }
            var reply = OutgoingMessage(kind: .policyAct, requestID: request.header.requestID, isReply: true)
            try? reply.addArray("actions", actions)
            if let replyParts = try? reply.parts(), let extra = try? extraFrames() { _ = try? socket.send(replyParts + extra) }
        }
    }

    func stop() {
        stopSwitch.stop()
        finished.wait()
    }
}

@Suite("Remote policy limits", .serialized)
struct RemotePolicyLimitTests {
    private func play(against learner: PaddingLearner) throws {
        let remote = try RemotePolicy(endpoint: learner.endpoint, game: TicTacToe().description, timeoutSeconds: 2)
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 1, batchSize: 4))
        try engine.run(episodes: 0..<4, policies: [Policy(name: "remote", batched: remote), .uniformRandom()]) { _ in }
    }

    /// A frame past the limit is never read into memory (ZeroMQ drops it as it arrives), and
    /// the error names the limit.
    @Test func aReplyWithAFrameOverTheSizeLimitIsDroppedAndTheErrorNamesTheLimit() throws {
        let learner = try PaddingLearner(context: try ZMQContext()) { [try ZMQMessage(size: 20 << 20)] }
        defer { learner.stop() }
        let error = try #require(throws: RemotePolicyError.self) { try play(against: learner) }
        #expect(error.description.contains("did not answer"))
        #expect(error.description.contains("RemotePolicy.maxReplyBytes"))
    }

    @Test func aReplyWithTooManyFramesIsRefusedNamingTheLimit() throws {
        let learner = try PaddingLearner(context: try ZMQContext()) { try (0..<12).map { _ in try ZMQMessage(copying: [0]) } }
        defer { learner.stop() }
        let error = try #require(throws: RemotePolicyError.self) { try play(against: learner) }
        #expect(error.description.contains("RemotePolicy.maxReplyFrames"))
    }

    @Test func aReplyOverTheSizeLimitInSmallFramesIsRefusedNamingTheLimit() throws {
        let learner = try PaddingLearner(context: try ZMQContext()) { try (0..<3).map { _ in try ZMQMessage(size: 400 << 10) } }
        defer { learner.stop() }
        let remote = try RemotePolicy(endpoint: learner.endpoint, game: TicTacToe().description, timeoutSeconds: 20, maxReplyBytes: 1 << 20)
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 1, batchSize: 4))
        let error = try #require(throws: RemotePolicyError.self) {
            try engine.run(episodes: 0..<4, policies: [Policy(name: "remote", batched: remote), .uniformRandom()]) { _ in }
        }
        #expect(error.description.contains("RemotePolicy.maxReplyBytes"))
    }
}
