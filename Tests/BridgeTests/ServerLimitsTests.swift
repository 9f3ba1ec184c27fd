import Foundation
import Synchronization
import Testing

@testable import Bridge

/// A clock the test moves by hand, so idle timeouts are tested without waiting.
final class ManualClock: Sendable {
    private let seconds = Mutex<Double>(0)

    var now: Double { seconds.withLock { $0 } }

    func set(_ value: Double) { seconds.withLock { $0 = value } }
}

extension TestClient {
    func make(_ game: String, batchSize: UInt32 = 1, trajectories: Bool = false) throws -> UInt64 {
        var make = message(.make)
        make.header.make = WireMakeRequest.with {
            $0.game = game
            $0.batchSize = batchSize
            $0.autoReset = true
            if trajectories { $0.trajectories = WireTrajectoryOptions.with { $0.enabled = true } }
        }
        return try request(make).header.makeReply.vectorID
    }

    func reset(_ vectorID: UInt64) throws -> IncomingMessage {
        var reset = message(.reset)
        reset.header.reset = WireResetRequest.with { $0.vectorID = vectorID }
        return try request(reset)
    }

    func stepMessage(_ vectorID: UInt64, actions: [Int32]) throws -> OutgoingMessage {
        var step = message(.step)
        step.header.step = WireStepRequest.with { $0.vectorID = vectorID }
        try step.addArray("actions", actions)
        return step
    }
}

@Suite("Bridge server limits", .serialized)
struct ServerLimitsTests {
    @Test func aVectorWithoutRequestsForTheIdleTimeoutIsClosed() throws {
        let clock = ManualClock()
        let running = try RunningServer(idleTimeout: 10, clock: { clock.now })
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let quiet = try client.make("tic_tac_toe")
        _ = try client.reset(quiet)
        clock.set(5)
        let busy = try client.make("tic_tac_toe")
        _ = try client.reset(busy)
        // t = 14: quiet's last request was 14 s ago, busy's 9 s ago (under the 10 s timeout).
        clock.set(14)
        let busyStep = try client.request(try client.stepMessage(busy, actions: [4]))
        #expect(busyStep.header.kind == .step)
        let quietStep = try client.request(try client.stepMessage(quiet, actions: [4]))
        #expect(quietStep.header.kind == .error)
        #expect(quietStep.header.error.code == .unknownVector)
        #expect(quietStep.header.error.message.contains("without requests"))
        // busy was used at t = 14, so at t = 23 it is still open.
        clock.set(23)
        #expect(try client.request(try client.stepMessage(busy, actions: [0])).header.kind == .step)
    }

    @Test func requestsBeyondTheWaitingCapAreRefusedAndTheWaitingOnesAnsweredLater() throws {
        let running = try RunningServer(maxWaitingRequests: 2)
        defer { running.stop() }
        let context = try ZMQContext()
        let client = try TestClient(running.server.boundRequestEndpoint, context: context)
        let vector = try client.make("tic_tac_toe", trajectories: true)
        _ = try client.reset(vector)
        // x takes the top row (0, 1, 2) while o plays 3, 4: the fifth step ends the episode,
        // and its trajectory message cannot go out: no trainer is connected.
        for action in [Int32(0), 3, 1, 4, 2] {
            #expect(try client.request(try client.stepMessage(vector, actions: [action])).header.kind == .step)
        }
        let waiting = try [client.stepMessage(vector, actions: [4]), client.stepMessage(vector, actions: [0])]
        for step in waiting { try client.socket.send(try step.parts()) }
        let refused = try client.request(try client.stepMessage(vector, actions: [1]))
        #expect(refused.header.kind == .error)
        #expect(refused.header.error.code == .tooManyWaiting)
        #expect(refused.header.error.message.contains("2 requests waiting"))
        // A trainer connects: the episode goes out, then the two waiting steps are answered in order.
        let trainer = try ZMQSocket(context, type: .pull)
        try trainer.set(.receiveTimeout, Int32(20_000))
        try trainer.connect(running.server.boundTrajectoryEndpoint)
        let trajectories = try #require(try trainer.receive())
        #expect(try IncomingMessage(frames: trajectories).header.trajectories.episodeCount == 1)
        for step in waiting {
            let parts = try #require(try client.socket.receive())
            let reply = try IncomingMessage(frames: parts)
            #expect(reply.header.requestID == step.header.requestID)
            #expect(reply.header.kind == .step)
        }
    }
}
