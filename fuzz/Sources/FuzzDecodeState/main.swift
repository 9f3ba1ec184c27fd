// Fuzzes every game's `decodeState`. Finding: a crash, a decoded state that does not
// survive `encodeState` then `decodeState` unchanged, or one the rest of the game cannot
// handle (every call the engines and the bridge make on a state is made on it).
//
// Input: [variant][encoded state text...].
import FuzzSupport
import Games

struct DecodeState: GameVisitor {
    let text: String

    func visit<G: Game>(_ game: G) {
        guard let state = try? game.decodeState(text) else { return }
        let encoded = game.encodeState(state)
        guard let again = try? game.decodeState(encoded), again == state else {
            fatalError(
                "\(game): \(String(reflecting: text)) decodes to a state whose encoding \(String(reflecting: encoded)) does not decode back to it")
        }
        for seat in 0..<game.seatCount {
            _ = game.observation(state, seat: seat)
            _ = game.observationText(state, seat: seat)
            _ = game.informationState(state, seat: seat)
            _ = game.returns(state, seat: seat)
            _ = game.role(of: seat, in: state)
        }
        switch game.currentPlayer(state) {
        case .terminal:
            break
        case .chance:
            let outcomes = game.chanceOutcomes(state)
            let total = outcomes.reduce(0) { $0 + $1.probability }
            precondition(!outcomes.isEmpty && abs(total - 1) < 1e-9, "\(game): chance outcomes sum to \(total) at a decoded state")
            _ = game.applying(outcomes[0].action, to: state)
        case .seat:
            let legal = game.legalActions(state)
            precondition(!legal.isEmpty, "\(game): a seat must act at a decoded state with no legal action")
            _ = game.legalActionTexts(state)
            _ = game.applying(legal[0], to: state)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = FuzzTarget.bytes(data, size)
    let gameString = GameVariants.gameString(input.byte())
    GameVariants.visit(gameString, with: DecodeState(text: input.restAsText()))
    return 0
}

/// Real states: four of a random play of every variant, from the deal to the end.
struct Seeds: GameVisitor {
    let variant: Int

    func visit<G: Game>(_ game: G) -> [String: [UInt8]] {
        let play = game.randomPlay(seed: UInt64(variant))
        let picks = Set([0, play.count / 3, 2 * play.count / 3, play.count - 1])
        return picks.reduce(into: [:]) { seeds, index in
            seeds["v\(variant)-state\(index)"] = [UInt8(variant)] + Array(game.encodeState(play[index]).utf8)
        }
    }
}

FuzzTarget.main(test: testOneInput) {
    GameVariants.gameStrings.indices.reduce(into: [:]) { seeds, variant in
        seeds.merge(GameVariants.visit(GameVariants.gameStrings[variant], with: Seeds(variant: variant))) { first, _ in first }
    }
}
