import Foundation
import Games
import Testing

@testable import Bridge

extension TestClient {
    /// Sends a `MAKE` built by `configure` and returns the reply (a make reply or an error).
    func make(_ configure: (inout WireMakeRequest) -> Void) throws -> IncomingMessage {
        var make = message(.make)
        var body = WireMakeRequest()
        body.batchSize = 1
        configure(&body)
        make.header.make = body
        return try request(make)
    }

    func close(_ vectorID: UInt64) throws -> IncomingMessage {
        var close = message(.close)
        close.header.close = WireCloseRequest.with { $0.vectorID = vectorID }
        return try request(close)
    }

    func stepMessage(_ vectorID: UInt64, replies: [String]) throws -> OutgoingMessage {
        var step = message(.step)
        step.header.step = WireStepRequest.with { $0.vectorID = vectorID }
        try step.addTexts("replies", replies)
        return step
    }
}

@Suite("Bridge memory limits", .serialized)
struct MemoryLimitTests {
    /// The server's estimate for a vector of `game`.
    static func footprint(_ game: String, batchSize: Int, text: Bool = false) throws -> Int {
        struct Estimate: GameVisitor {
            let options: VectorOptions
            func visit<G: Game>(_ game: G) throws -> Int {
                VectorFootprint(game: game, options: options, textSizes: options.text ? TextFaceSizes(measuring: game) : nil).totalBytes
            }
        }
        var request = WireMakeRequest()
        request.batchSize = UInt32(batchSize)
        request.mode = text ? .text : .tensor
        return try GameCatalog.visit(game, with: Estimate(options: try VectorOptions(request)))
    }

    @Test func aMakeOverTheBudgetIsRefusedNamingItAndClosingAVectorReturnsItsShare() throws {
        let one = try Self.footprint("werewolf", batchSize: 4096)
        let running = try RunningServer(limits: BridgeLimits(maxMemoryBytes: one + one / 2))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let first = try client.make {
            $0.game = "werewolf"; $0.batchSize = 4096
        }
        #expect(first.header.kind == .make)
        let refused = try client.make {
            $0.game = "werewolf"; $0.batchSize = 4096
        }
        #expect(refused.header.error.code == .invalidArgument)
        #expect(refused.header.error.message.contains("needs an estimated"))
        #expect(refused.header.error.message.contains("games serve --max-memory"))
        // A smaller vector still fits; closing the first makes room for another as large.
        #expect(
            try client.make {
                $0.game = "werewolf"; $0.batchSize = 16
            }.header.kind == .make)
        #expect(try client.close(first.header.makeReply.vectorID).header.kind == .close)
        #expect(
            try client.make {
                $0.game = "werewolf"; $0.batchSize = 4096
            }.header.kind == .make)
    }

    @Test func aClientOverItsQuotasIsRefusedNamingThemWhileOthersMakeVectors() throws {
        let running = try RunningServer(limits: BridgeLimits(maxVectorsPerClient: 2, maxGamesPerClient: 10))
        defer { running.stop() }
        let context = try ZMQContext()
        let client = try TestClient(running.server.boundRequestEndpoint, context: context)
        let first = try client.make {
            $0.game = "tic_tac_toe"; $0.batchSize = 4
        }
        _ = try client.make {
            $0.game = "tic_tac_toe"; $0.batchSize = 4
        }
        let third = try client.make {
            $0.game = "tic_tac_toe"; $0.batchSize = 1
        }
        #expect(third.header.error.code == .invalidArgument)
        #expect(third.header.error.message.contains("games serve --max-vectors-per-client"))
        _ = try client.close(first.header.makeReply.vectorID)
        let tooManyGames = try client.make {
            $0.game = "tic_tac_toe"; $0.batchSize = 7
        }
        #expect(tooManyGames.header.error.message.contains("games serve --max-games-per-client"))
        #expect(
            try client.make {
                $0.game = "tic_tac_toe"; $0.batchSize = 6
            }.header.kind == .make)
        let other = try TestClient(running.server.boundRequestEndpoint, context: context)
        #expect(
            try other.make {
                $0.game = "tic_tac_toe"; $0.batchSize = 10
            }.header.kind == .make)
    }

    @Test func retriesPastTheCapAreRefusedNamingIt() throws {
        let running = try RunningServer(limits: BridgeLimits(maxRetries: 10))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let refused = try client.make {
            $0.game = "kuhn_poker"; $0.mode = .text; $0.invalidMovePolicy = "zero_sum+2147483648"
        }
        #expect(refused.header.error.code == .invalidArgument)
        #expect(refused.header.error.message.contains("at most 10 (games serve --max-retries)"))
        #expect(
            try client.make {
                $0.game = "kuhn_poker"; $0.mode = .text; $0.invalidMovePolicy = "spiral+10"
            }.header.kind == .make)
    }

    /// Invalid replies recorded for a trajectory are text the server keeps; a closed vector
    /// keeps none of it.
    @Test func theTextAClosedVectorRecordedIsFreed() throws {
        let running = try RunningServer(maxMessageBytes: 4 << 20)
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let made = try client.make {
            $0.game = "kuhn_poker"
            $0.mode = .text
            $0.batchSize = 4
            $0.invalidMovePolicy = "zero_sum+10"
            $0.trajectories = WireTrajectoryOptions.with { $0.enabled = true }
        }
        let vector = made.header.makeReply.vectorID
        _ = try client.reset(vector)
        let invalid = String(repeating: "x", count: 64 << 10)
        for _ in 0..<5 {
            let stepped = try client.request(try client.stepMessage(vector, replies: Array(repeating: invalid, count: 4)))
            #expect(try stepped.array("invalid", as: UInt8.self)?.values == [1, 1, 1, 1])
        }
        // Read after a reply: the server thread wrote the ledger before sending it.
        #expect(running.server.ledger.textBytes >= 5 * 4 * invalid.utf8.count)
        #expect(try client.close(vector).header.kind == .close)
        #expect(running.server.ledger.textBytes == 0)
        #expect(running.server.ledger.reservedBytes == 0)
    }

    @Test func anEpisodeThatKeepsTooMuchTextIsCut() throws {
        let running = try RunningServer(limits: BridgeLimits(maxEpisodeTextBytes: 100 << 10))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let made = try client.make {
            $0.game = "kuhn_poker"
            $0.mode = .text
            $0.invalidMovePolicy = "zero_sum+10"
            $0.trajectories = WireTrajectoryOptions.with { $0.enabled = true }
        }
        let vector = made.header.makeReply.vectorID
        _ = try client.reset(vector)
        let invalid = String(repeating: "x", count: 40 << 10)
        var truncated: [[UInt8]] = []
        for _ in 0..<3 {
            let stepped = try client.request(try client.stepMessage(vector, replies: [invalid]))
            truncated.append(try #require(try stepped.array("truncated", as: UInt8.self)).values)
        }
        #expect(truncated == [[0], [0], [1]])
    }

    @Test func aStepWhoseTextDoesNotFitTheBudgetIsRefused() throws {
        let budget = try Self.footprint("negotiation", batchSize: 1, text: true) + (512 << 10)
        let running = try RunningServer(maxMessageBytes: 4 << 20, limits: BridgeLimits(maxMemoryBytes: budget))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let made = try client.make {
            $0.game = "negotiation"; $0.mode = .text
        }
        let vector = made.header.makeReply.vectorID
        _ = try client.reset(vector)
        let refused = try client.request(try client.stepMessage(vector, replies: [String(repeating: "a", count: 600 << 10)]))
        #expect(refused.header.error.code == .messageTooLarge)
        #expect(refused.header.error.message.contains("games serve --max-memory"))
        #expect(try client.request(try client.stepMessage(vector, replies: ["[Pass]"])).header.kind == .step)
    }
}
