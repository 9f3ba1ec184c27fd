import Games
import Testing

@testable import Bridge

@Suite("Trajectory messages")
struct TrajectoryMessageTests {
    /// The arrays of every trajectory message a vector sends over `steps` steps of random
    /// actions (some illegal), decoded from the message's frames, by message then name.
    private func messages<G: Game>(
        _ game: G, packed: Bool, text: Bool = false, steps: Int = 30
    ) throws -> [[String: [Double]]] {
        var request = WireMakeRequest()
        request.game = game.description
        request.batchSize = 9
        request.seed = 4
        request.autoReset = true
        request.packedArrays = packed
        request.mode = text ? .text : .tensor
        request.trajectories = WireTrajectoryOptions.with { $0.enabled = true }
        let vector = try GameVector(id: 1, owner: [], game: game, options: try VectorOptions(request))
        let store = BaselineStore()
        var rng = EpisodeRNG(seed: 8)
        var reply = OutgoingMessage(kind: .reset, requestID: 1, isReply: true)
        try vector.reset(seed: nil, into: &reply)
        var decoded: [[String: [Double]]] = []
        var sequence: UInt64 = 0
        for step in 0..<steps {
            var message = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: false)
            message.header.step = WireStepRequest.with { $0.vectorID = 1 }
            if text {
                try message.addTexts("replies", (0..<9).map { _ in String(rng.index(below: 10)) })
            } else {
                try message.addArray("actions", (0..<9).map { _ in Int32(rng.index(below: game.actionCount + 1)) - 1 })
            }
            reply = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: true)
            try vector.step(try IncomingMessage(frames: try message.parts()), into: &reply)
            guard let collector = vector.collector, collector.episodeCount > 0 else { continue }
            let outgoing = try collector.makeMessage(firstSequence: sequence, vectorID: 1, game: game.description, store: store)
            let incoming = try IncomingMessage(frames: try outgoing.parts())
            sequence += UInt64(incoming.header.trajectories.episodeCount)
            decoded.append(try Self.arrays(of: incoming))
        }
        return decoded
    }

    /// Every array of a message as doubles, with its shape's product checked.
    private static func arrays(of message: IncomingMessage) throws -> [String: [Double]] {
        var arrays: [String: [Double]] = [:]
        for ref in message.header.arrays {
            let values: [Double]
            switch ref.dtype {
            case .uint8: values = try #require(try message.array(ref.name, as: UInt8.self)).values.map(Double.init)
            case .int8: values = try #require(try message.array(ref.name, as: Int8.self)).values.map(Double.init)
            case .int32: values = try #require(try message.array(ref.name, as: Int32.self)).values.map(Double.init)
            case .int64: values = try #require(try message.array(ref.name, as: Int64.self)).values.map(Double.init)
            case .uint64: values = try #require(try message.array(ref.name, as: UInt64.self)).values.map(Double.init)
            case .float32: values = try #require(try message.array(ref.name, as: Float.self)).values.map(Double.init)
            default: throw BridgeError(.internal, "unexpected dtype of \(ref.name)")
            }
            #expect(values.count == ref.shape.reduce(1) { $0 * Int($1) }, "\(ref.name)")
            arrays[ref.name] = values
        }
        for name in message.header.texts.map(\.name) {
            arrays["texts: " + name] = try #require(try message.texts(name)).map { Double($0.utf8.count) }
        }
        return arrays
    }

    @Test func packedMessagesCarryTheSameArraysAsMessagesWithAFrameEach() throws {
        #expect(try compareOpened(TicTacToe(), text: false).count > 3)
        #expect(try compareOpened(KuhnPoker(), text: false).count > 3)
        #expect(try compareOpened(KuhnPoker(), text: true).count > 3)
    }

    /// The messages of a packed vector and of an unpacked one, which must be equal.
    private func compareOpened<G: Game>(_ game: G, text: Bool) throws -> [[String: [Double]]] {
        let packed = try messages(game, packed: true, text: text)
        let separate = try messages(game, packed: false, text: text)
        #expect(packed == separate, "\(game), text \(text)")
        #expect(packed.first?["observations"] != nil || text, "\(game): tensor messages carry observations")
        return packed
    }

    @Test func aPackedMessagePutsEveryArrayInOneFrame() throws {
        var request = WireMakeRequest()
        request.game = "tic_tac_toe"
        request.batchSize = 64
        request.autoReset = true
        request.packedArrays = true
        request.trajectories = WireTrajectoryOptions.with { $0.enabled = true }
        let vector = try GameVector(id: 1, owner: [], game: TicTacToe(), options: try VectorOptions(request))
        var reply = OutgoingMessage(kind: .reset, requestID: 1, isReply: true)
        try vector.reset(seed: nil, into: &reply)
        for step in 0..<12 {
            var message = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: false)
            message.header.step = WireStepRequest.with { $0.vectorID = 1 }
            let masks = try #require(try IncomingMessage(frames: try reply.parts()).array("legal_masks", as: UInt8.self)).values
            try message.addArray("actions", (0..<64).map { slot in Int32((0..<9).first { masks[slot * 9 + $0] == 1 } ?? 0) })
            reply = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: true)
            try vector.step(try IncomingMessage(frames: try message.parts()), into: &reply)
        }
        let collector = try #require(vector.collector)
        let outgoing = try collector.makeMessage(firstSequence: 0, vectorID: 1, game: "tic_tac_toe", store: BaselineStore())
        let refs = outgoing.header.arrays
        #expect(refs.count == 16)
        #expect(Set(refs.map(\.frame)) == [1])
        #expect(outgoing.frames.count == 1)
    }
}
