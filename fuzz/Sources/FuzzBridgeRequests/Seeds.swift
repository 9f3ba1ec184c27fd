import Foundation

@testable import Bridge

/// Real request sequences, as the Python client sends them: every request kind, every game in
/// both modes, the answer formats, trajectories, opponents and packed arrays, and a few
/// requests the server must refuse. Vector id 0 is the first vector the sequence made.
enum Seeds {
    static func all() -> [String: [UInt8]] {
        var seeds: [String: [UInt8]] = ["list-games": RequestSequence.encode([request(.listGames)])]
        for (index, game) in ["tic_tac_toe", "kuhn_poker(players=3)", "negotiation", "werewolf"].enumerated() {
            seeds["tensor-\(index)"] = session(
                make {
                    $0.game = game; $0.batchSize = 2; $0.autoReset = true
                }, steps: [actions([0, 1]), actions([2, 3])])
        }
        let texts: [(String, String, String)] = [
            ("tic_tac_toe", "free", "[4]"), ("kuhn_poker", "boxed", "I bet. \\boxed{bet}"),
            ("negotiation", "spiral", "<think>fair</think> \\boxed{[Accept]}"), ("werewolf(preset=secret_mafia,players=6)", "free", "I vote [2]"),
        ]
        for (index, (game, format, reply)) in texts.enumerated() {
            seeds["text-\(index)-\(format)"] = session(
                make {
                    $0.game = game; $0.batchSize = 2; $0.mode = .text; $0.answerFormat = format
                },
                steps: [replies([reply, "[0]"]), replies(["", reply])])
        }
        seeds["trajectories-text"] = session(
            make {
                $0.game = "tic_tac_toe"; $0.batchSize = 1; $0.mode = .text; $0.autoReset = true; $0.trajectories.enabled = true
            },
            steps: [replies(["[4]"]), replies(["[0]"]), replies(["[8]"])])
        seeds["trajectories-packed-uint8"] = session(
            make {
                $0.game = "tic_tac_toe"; $0.batchSize = 2; $0.autoReset = true; $0.packedArrays = true; $0.observationDtype = .uint8
                $0.trajectories.enabled = true; $0.trajectories.actionTexts = true; $0.opponent = "random"; $0.agentSeats = [0]
            },
            steps: [actions([4, 4]), actions([0, 1])])
        seeds["opponent-cfr"] = session(
            make {
                $0.game = "kuhn_poker"; $0.batchSize = 1; $0.opponent = "cfr"; $0.agentSeats = [1]; $0.invalidMovePolicy = "zero_sum+2"
            },
            steps: [actions([1])])
        seeds["observe-all-max-turns"] = session(
            make {
                $0.game = "negotiation"; $0.batchSize = 1; $0.observeAllSeats = true; $0.maxTurns = 2
            }, steps: [actions([0]), actions([1])])
        seeds["session-acknowledged"] = RequestSequence.encode([
            request(.session) { $0.header.sessionRequest = WireSessionRequest() },
            inSession(
                make {
                    $0.game = "tic_tac_toe"; $0.batchSize = 2; $0.autoReset = true; $0.trajectories.enabled = true;
                    $0.trajectories.acknowledged = true
                }),
            inSession(request(.reset) { $0.header.reset = WireResetRequest.with { $0.vectorID = 0 } }),
            inSession(actions([4, 4])),
            request(.acknowledge) { $0.header.acknowledge = WireAcknowledgeRequest.with { $0.firstSequences = [0, 1, 2] } },
            request(.replay), request(.stats),
            request(.session) { $0.header.sessionRequest = WireSessionRequest.with { $0.token = Data([0]) } },
        ])
        seeds["refused"] = RequestSequence.encode([
            [[]], [Array("not a header".utf8)], badVersion(), replyFlag(), missingFrame(), badOffsets(),
        ])
        return seeds
    }

    private static func request(_ kind: WireKind, _ fill: (inout OutgoingMessage) throws -> Void = { _ in }) -> [[UInt8]] {
        var message = OutgoingMessage(kind: kind, requestID: 1, isReply: false)
        do {
            try fill(&message)
            return try message.parts().map(\.array)
        } catch {
            preconditionFailure("seed request \(kind) cannot be built: \(error)")
        }
    }

    private static func make(_ fill: (inout WireMakeRequest) -> Void) -> [[UInt8]] {
        var body = WireMakeRequest()
        fill(&body)
        return request(.make) { $0.header.make = body }
    }

    private static func actions(_ values: [Int32]) -> [[UInt8]] {
        request(.step) {
            $0.header.step = WireStepRequest.with { $0.vectorID = 0 }
            try $0.addArray("actions", values)
        }
    }

    private static func replies(_ texts: [String]) -> [[UInt8]] {
        request(.step) {
            $0.header.step = WireStepRequest.with { $0.vectorID = 0 }
            try $0.addTexts("replies", texts)
        }
    }

    /// MAKE, RESET, the steps, CLOSE.
    private static func session(_ make: [[UInt8]], steps: [[[UInt8]]]) -> [UInt8] {
        let reset = request(.reset) {
            $0.header.reset = WireResetRequest.with {
                $0.vectorID = 0; $0.seed = 7
            }
        }
        let close = request(.close) { $0.header.close = WireCloseRequest.with { $0.vectorID = 0 } }
        return RequestSequence.encode([make, reset] + steps + [close])
    }

    /// The request in the first session the input opened (a one-byte token names it).
    private static func inSession(_ frames: [[UInt8]]) -> [[UInt8]] {
        guard var header = try? WireHeader(serializedBytes: frames[0]),
            let bytes: [UInt8] = try? {
                header.session = Data([0])
                return try header.serializedBytes()
            }()
        else { preconditionFailure("a seed header cannot be rewritten") }
        return [bytes] + frames.dropFirst()
    }

    private static func badVersion() -> [[UInt8]] { request(.listGames) { $0.header.protocolVersion = 99 } }

    private static func replyFlag() -> [[UInt8]] { request(.listGames) { $0.header.isReply = true } }

    private static func missingFrame() -> [[UInt8]] {
        var frames = actions([0])
        frames.removeLast()
        return frames
    }

    private static func badOffsets() -> [[UInt8]] {
        var frames = replies(["[4]"])
        frames[frames.count - 1] = [0, 0, 0, 0, 9, 0, 0, 0]
        return frames
    }
}
