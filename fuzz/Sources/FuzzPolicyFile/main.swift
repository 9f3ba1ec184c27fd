// Fuzzes the tabular policy file reader (docs/policy-format.md) and what a loaded file is
// used for: `games` and the bridge load `tabular:FILE` opponents for a game and sample their
// moves. Finding: a crash, a file that does not read back from what it writes, or a sampled
// action that is not legal.
//
// Input: [variant][play seed][seat state][policy file text...].
import FuzzSupport
import Games
import Rollout
import Solvers

struct PlayPolicy: GameVisitor {
    let seedByte: UInt8
    let pickByte: UInt8
    let text: String

    func visit<G: Game>(_ game: G) {
        if let policy = try? TabularPolicy(json: text) {
            guard let again = try? TabularPolicy(json: policy.jsonString()), again == policy else {
                fatalError("policy file \(String(reflecting: text)) does not read back from what it writes")
            }
        }
        // As `PolicyCatalog.make("tabular:FILE", for: game)` loads it.
        guard let table = try? TabularPolicy(json: text, for: game),
            let state = game.seatState(seedByte: seedByte, pickByte: pickByte)?.state,
            case .seat(let seat) = game.currentPlayer(state)
        else { return }
        var rng = EpisodeRNG(seed: UInt64(seedByte))
        let action = (try? Policy<G>.tabular(table, name: "tabular:fuzz").decide(game, state, seat: seat, rng: &rng))
        guard let action, game.legalActions(state).contains(action) else {
            fatalError("\(game): the policy chose an action that is not legal")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = FuzzTarget.bytes(data, size)
    let gameString = GameVariants.gameString(input.byte())
    let seedByte = input.byte()
    let pickByte = input.byte()
    GameVariants.visit(gameString, with: PlayPolicy(seedByte: seedByte, pickByte: pickByte, text: input.restAsText()))
    return 0
}

/// Real policy files: CFR's for Kuhn Poker (two and three players), one row per seat state
/// of a TicTacToe play, and an empty (uniform) policy for every variant.
func seeds() -> [String: [UInt8]] {
    var seeds: [String: [UInt8]] = [:]
    for (variant, gameString) in GameVariants.gameStrings.enumerated() {
        let policy = GameVariants.visit(gameString, with: EmptyPolicy())
        seeds["v\(variant)-uniform"] = [UInt8(variant), 0, 0] + Array(policy.jsonString().utf8)
    }
    for gameString in ["kuhn_poker", "kuhn_poker(players=3)"] {
        let variant = GameVariants.gameStrings.firstIndex(of: gameString)!
        guard let policy = GameVariants.visit(gameString, with: SolvedPolicy()) else { continue }
        seeds["v\(variant)-cfr"] = [UInt8(variant), 1, 1] + Array(policy.jsonString().utf8)
    }
    seeds["v0-rows"] = [0, 2, 2] + Array(GameVariants.visit("tic_tac_toe", with: PlayedRows()).jsonString().utf8)
    return seeds
}

struct EmptyPolicy: GameVisitor {
    func visit<G: Game>(_ game: G) -> TabularPolicy { TabularPolicy(for: game) }
}

struct SolvedPolicy: GameVisitor {
    func visit<G: Game>(_ game: G) -> TabularPolicy? { try? PolicyCatalog.solveCFR(game) }
}

/// A row for every seat state of one play: all weight on its last legal action.
struct PlayedRows: GameVisitor {
    func visit<G: Game>(_ game: G) -> TabularPolicy {
        var policy = TabularPolicy(for: game)
        for state in game.randomPlay(seed: 2) {
            guard case .seat(let seat) = game.currentPlayer(state), let last = game.legalActions(state).last else { continue }
            var row = [Double](repeating: 0, count: game.actionCount)
            row[game.actionIndex(last)] = 1
            try? policy.setProbabilities(row, forInformationState: game.informationState(state, seat: seat))
        }
        return policy
    }
}

FuzzTarget.main(test: testOneInput, seeds: seeds)
