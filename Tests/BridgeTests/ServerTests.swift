import Foundation
import Games
import Testing

@testable import Bridge

/// A server on free loopback ports, run on its own thread for one test.
final class RunningServer: @unchecked Sendable {
    let server: BridgeServer
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - clock: replaces the server's clock (before it starts serving).
    ///   - beforeSolve: called on the solving thread before each opponent solve.
    init(
        maxMessageBytes: Int = 1 << 20, idleTimeout: Double = 600, maxWaitingRequests: Int = 64, busyPollSeconds: Double = 0.001,
        limits: BridgeLimits = BridgeLimits(), clock: (@Sendable () -> Double)? = nil, beforeSolve: (@Sendable (String) -> Void)? = nil
    ) throws {
        server = try BridgeServer(
            options: BridgeServerOptions(
                requestEndpoint: "tcp://127.0.0.1:*", trajectoryEndpoint: "tcp://127.0.0.1:*", maxMessageBytes: maxMessageBytes,
                idleTimeout: idleTimeout, maxWaitingRequests: maxWaitingRequests, busyPollSeconds: busyPollSeconds, limits: limits),
            beforeSolve: beforeSolve)
        if let clock { server.clock = clock }
        Thread.detachNewThread { [self] in
            try? server.run(drainSeconds: 0)
            finished.signal()
        }
    }

    func stop() {
        server.stopSwitch.stop()
        finished.wait()
    }
}

/// A DEALER client speaking the protocol from Swift.
final class TestClient {
    let socket: ZMQSocket
    var nextID: UInt64 = 1

    init(_ endpoint: String, context: ZMQContext) throws {
        socket = try ZMQSocket(context, type: .dealer)
        try socket.set(.receiveTimeout, Int32(20_000))
        try socket.connect(endpoint)
    }

    func request(_ message: OutgoingMessage) throws -> IncomingMessage {
        try socket.send(try message.parts())
        guard let parts = try socket.receive() else { throw BridgeError(.internal, "no reply within 20 s") }
        return try IncomingMessage(frames: parts)
    }

    func message(_ kind: WireKind) -> OutgoingMessage {
        defer { nextID += 1 }
        return OutgoingMessage(kind: kind, requestID: nextID, isReply: false)
    }
}

@Suite("Bridge server", .serialized)
struct ServerTests {
    @Test func aVectorIsMadeResetAndSteppedOverTheWire() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        var make = client.message(.make)
        var request = WireMakeRequest()
        request.game = "tic_tac_toe"
        request.batchSize = 2
        make.header.make = request
        let made = try client.request(make)
        #expect(made.header.makeReply.spec.actionCount == 9)
        var reset = client.message(.reset)
        reset.header.reset = WireResetRequest.with { $0.vectorID = made.header.makeReply.vectorID }
        let first = try client.request(reset)
        #expect(try first.array("current_seats", as: Int32.self)?.values == [0, 0])
        var step = client.message(.step)
        step.header.step = WireStepRequest.with { $0.vectorID = made.header.makeReply.vectorID }
        try step.addArray("actions", [Int32(4), 9])
        let stepped = try client.request(step)
        #expect(stepped.header.requestID == step.header.requestID)
        // Game 0 played the centre; game 1's index 9 is off the board, so x forfeits.
        #expect(try stepped.array("invalid", as: UInt8.self)?.values == [0, 1])
        #expect(try stepped.array("rewards", as: Float.self)?.values == [0, 0, -1, 1])
        #expect(try stepped.array("current_seats", as: Int32.self)?.values == [1, -1])
    }

    @Test func aForfeitInATeamGameSplitsThePenaltyPerTeam() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        var make = client.message(.make)
        make.header.make = WireMakeRequest.with {
            $0.game = "werewolf"
            $0.batchSize = 1
            $0.seed = 3
        }
        let made = try client.request(make)
        var reset = client.message(.reset)
        reset.header.reset = WireResetRequest.with { $0.vectorID = made.header.makeReply.vectorID }
        let first = try client.request(reset)
        // Seed 3: seats 2 and 5 are the werewolves; seat 0, a villager, takes the first night
        // turn (every living player acts at night, in seat order).
        #expect(try first.array("current_seats", as: Int32.self)?.values == [0])
        let mask = try #require(try first.array("legal_masks", as: UInt8.self)?.values)
        let illegal = try #require(mask.firstIndex(of: 0))
        var step = client.message(.step)
        step.header.step = WireStepRequest.with { $0.vectorID = made.header.makeReply.vectorID }
        try step.addArray("actions", [Int32(illegal)])
        let stepped = try client.request(step)
        #expect(try stepped.array("invalid", as: UInt8.self)?.values == [1])
        // Zero-sum forfeit as team totals: the village shares -1, the two werewolves share +1
        // (not -1 for seat 0 alone and +1/6 for everyone else, its own team included).
        let rewards = try #require(try stepped.array("rewards", as: Float.self)?.values)
        let expected: [Float] = [-0.2, -0.2, 0.5, -0.2, -0.2, 0.5, -0.2]
        #expect(zip(rewards, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "rewards \(rewards)")
    }

    @Test func anUnknownGameGetsAnErrorReplyNamingTheKnownGames() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        var make = client.message(.make)
        make.header.make = WireMakeRequest.with {
            $0.game = "go"
            $0.batchSize = 1
        }
        let reply = try client.request(make)
        #expect(reply.header.kind == .error)
        #expect(reply.header.error.code == .unknownGame)
        #expect(reply.header.error.message.contains("tic_tac_toe"))
    }
}
