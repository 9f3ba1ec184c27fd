import Foundation
import Games
import Rollout
import Testing

@testable import Bridge

/// A learner stand-in: a REP socket on its own thread answering the lowest legal index, then
/// adding the frames `extraFrames` makes to its reply (none by default; the limit tests pad
/// replies with them).
final class LowestLegalLearner: @unchecked Sendable {
    let endpoint: String
    private let socket: ZMQSocket
    private let extraFrames: @Sendable () throws -> [ZMQMessage]
    private let stopSwitch = BridgeStopSwitch()
    private let finished = DispatchSemaphore(value: 0)
    private(set) var requests = 0

    init(context: ZMQContext, extraFrames: @escaping @Sendable () throws -> [ZMQMessage] = { [] }) throws {
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
            requests += 1
            let actionCount = shape[1]
            let actions = (0..<shape[0]).map { row in
                Int32((0..<actionCount).first { masks[row * actionCount + $0] == 1 } ?? 0)
            }
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

@Suite("Remote policy")
struct RemotePolicyTests {
    @Test func aRemoteLowestLegalPolicyPlaysExactlyLikeFirstLegal() throws {
        let learner = try LowestLegalLearner(context: try ZMQContext())
        defer { learner.stop() }
        let game = KuhnPoker()
        let remote = try RemotePolicy(endpoint: learner.endpoint, game: game.description)
        func returns(_ policies: [Policy<KuhnPoker>]) throws -> [Double] {
            var all: [Double] = []
            let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 5, threads: 2, batchSize: 256))
            try engine.run(episodes: 0..<1000, policies: policies, assignment: .alternating(0, 1)) { all += $0.results.returns }
            return all
        }
        let viaBridge = try returns([Policy(name: "remote", batched: remote), .uniformRandom()])
        let local = try returns([try PolicyCatalog.make("first_legal", for: game), .uniformRandom()])
        #expect(viaBridge == local)
        #expect(learner.requests > 0)
    }

    @Test func aLearnerThatDoesNotAnswerStopsTheRolloutWithAnError() throws {
        // Nobody listens here: the request waits out the timeout.
        let remote = try RemotePolicy(endpoint: "tcp://127.0.0.1:1", game: "tic_tac_toe", timeoutSeconds: 0.2)
        let engine = RolloutEngine(game: TicTacToe(), options: RolloutOptions(seed: 0, threads: 1, batchSize: 4))
        #expect(throws: RemotePolicyError.self) {
            try engine.run(episodes: 0..<4, policies: [Policy(name: "remote", batched: remote)]) { _ in }
        }
    }
}
