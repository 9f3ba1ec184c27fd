// Fuzzes every game's text face the way the bridge reads a text-mode reply
// (`GameVector.stepText`): the answer format's extraction, an exact match against the legal
// action texts, else the game's parser. Finding: a crash, or a parsed action that is not
// legal (the engines apply parsed actions unchecked).
//
// Input: [variant][answer format][play seed][seat state][reply text...].
import Foundation
import FuzzSupport
import Games

struct ReadReply: GameVisitor {
    let format: AnswerFormat
    let seedByte: UInt8
    let pickByte: UInt8
    let reply: String

    func visit<G: Game>(_ game: G) {
        guard let seatState = game.seatState(seedByte: seedByte, pickByte: pickByte) else { return }
        let state = seatState.state
        let legal = seatState.legalActions.map(\.action)
        guard let answer = format.answer(in: reply) else { return }
        if let exact = seatState.legalActions.first(where: { $0.text == answer }) {
            _ = game.applying(exact.action, to: state)
            return
        }
        guard format != .spiral else { return }
        switch game.parseAction(answer, in: state) {
        case .success(let action):
            // By index: an action may carry more than its index (Negotiation's free talk).
            guard legal.contains(where: { game.actionIndex($0) == game.actionIndex(action) }) else {
                fatalError("\(game): the parser read \(String(reflecting: answer)) as \(action), which is not legal here")
            }
            _ = game.applying(action, to: state)
        case .failure(let error):
            // Every refusal must say what is accepted.
            precondition(!error.description.isEmpty, "\(game): an empty parse error")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = FuzzTarget.bytes(data, size)
    let gameString = GameVariants.gameString(input.byte())
    let format = AnswerFormat.allCases[Int(input.byte()) % AnswerFormat.allCases.count]
    let seedByte = input.byte()
    let pickByte = input.byte()
    GameVariants.visit(gameString, with: ReadReply(format: format, seedByte: seedByte, pickByte: pickByte, reply: input.restAsText()))
    return 0
}

/// Real replies: at two states of a play of every variant, the first and last legal
/// action's text in each answer format, and a reply no format reads.
struct Seeds: GameVisitor {
    let variant: Int

    func visit<G: Game>(_ game: G) -> [String: [UInt8]] {
        var seeds: [String: [UInt8]] = [:]
        for pickByte: UInt8 in [0, 3] {
            guard let texts = game.seatState(seedByte: UInt8(variant), pickByte: pickByte)?.legalActions.map(\.text) else { continue }
            guard let first = texts.first, let last = texts.last else { continue }
            let replies: [(AnswerFormat, String)] = [
                (.free, first),
                (.boxed, "I will play this.\n\\boxed{\(last.trimmingCharacters(in: ["[", "]"]))}"),
                (.spiral, "<think>the best move</think> \\boxed{\(first)}"),
                (.free, "I am not sure what to do [???]"),
            ]
            for (index, (format, reply)) in replies.enumerated() {
                let formatByte = UInt8(AnswerFormat.allCases.firstIndex(of: format)!)
                seeds["v\(variant)-s\(pickByte)-\(index)-\(format)"] = [UInt8(variant), formatByte, UInt8(variant), pickByte] + Array(reply.utf8)
            }
        }
        return seeds
    }
}

FuzzTarget.main(test: testOneInput) {
    GameVariants.gameStrings.indices.reduce(into: [:]) { seeds, variant in
        seeds.merge(GameVariants.visit(GameVariants.gameStrings[variant], with: Seeds(variant: variant))) { first, _ in first }
    }
}
