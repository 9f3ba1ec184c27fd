import Games

/// Perfect play for small deterministic two-seat zero-sum games with perfect information
/// (TicTacToe): every state's optimal actions, found once by exhaustive search.
public struct MinimaxTable<G: Game>: Sendable {
    /// For each non-terminal state, the actions that keep the mover's minimax value.
    public let optimalActions: [G.State: [G.Action]]
    /// The value of the initial state for seat 0.
    public let rootValue: Double

    /// Why a game cannot be solved by minimax here.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// Searches the whole game.
    ///
    /// - Parameter stateLimit: stop with an error past this many distinct states.
    /// - Throws: `Unsupported` for games with chance nodes or more than two seats, or when
    ///   the game has more than `stateLimit` states.
    public init(_ game: G, stateLimit: Int = 2_000_000) throws {
        guard game.seatCount == 2, game.utility.kind == .zeroSum else {
            throw Unsupported(description: "minimax needs a two-seat zero-sum game; \(game.description) has \(game.seatCount) seats")
        }
        var values: [G.State: Double] = [:]
        var best: [G.State: [G.Action]] = [:]
        let buffer = game.makeActionBuffer()
        func value(_ state: G.State) throws -> Double {
            if let known = values[state] { return known }
            let result: Double
            switch game.currentPlayer(state) {
            case .terminal:
                result = game.returns(state, seat: 0)
            case .chance:
                throw Unsupported(description: "minimax needs a game without chance; \(game.description) has chance nodes")
            case .seat(let seat):
                game.legalActions(state, into: buffer)
                let actions = Array(buffer)
                var scored: [(G.Action, Double)] = []
                for action in actions { scored.append((action, try value(game.applying(action, to: state)))) }
                // Seat 0 maximises its return, seat 1 minimises it.
                let target = seat == 0 ? scored.map(\.1).max() ?? 0 : scored.map(\.1).min() ?? 0
                best[state] = scored.filter { $0.1 == target }.map(\.0)
                result = target
            }
            values[state] = result
            if values.count > stateLimit {
                throw Unsupported(description: "\(game.description) has more than \(stateLimit) states; too large for minimax")
            }
            return result
        }
        rootValue = try value(game.initialState())
        optimalActions = best
    }
}

extension Policy {
    /// Plays an optimal action, uniformly among ties, from a `MinimaxTable`.
    public static func minimax(_ table: MinimaxTable<G>, name: String = "minimax") -> Policy {
        Policy(name: name) { _, state, _, legal, rng in
            guard let actions = table.optimalActions[state], !actions.isEmpty else {
                return legal[rng.index(below: legal.count)]
            }
            return actions[rng.index(below: actions.count)]
        }
    }
}
