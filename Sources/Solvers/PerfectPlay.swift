import Games

/// Values under perfect play of a perfect-information game (TicTacToe), by memoised minimax
/// over the distinct states: each seat maximises its own return, chance is averaged. For two
/// seats and zero-sum returns this is the minimax value; TicTacToe's is 0 (a draw).
public enum PerfectPlay {
    /// Solves every state reachable from the initial state.
    ///
    /// - Parameters:
    ///   - stateLimit: the most distinct states to visit before giving up.
    /// - Throws: `SolverError.notPerfectInformation` when two positions share an information
    ///   state (Kuhn Poker: use CFR); `SolverError.gameTooLarge` past `stateLimit` states.
    public static func solve<G: Game>(_ game: G, stateLimit: Int = StateEnumeration.defaultStateLimit) throws(SolverError) -> PerfectPlaySolution<G> {
        var search = MinimaxSearch(game: game, stateLimit: stateLimit)
        let root = try search.value(game.initialState())
        return PerfectPlaySolution(game: game, rootValues: root, values: search.values)
    }
}

/// The values of every reachable state of a perfect-information game under perfect play.
public struct PerfectPlaySolution<G: Game>: Sendable {
    /// The game solved.
    public let game: G
    /// Each seat's return under perfect play from the initial state.
    public let rootValues: [Double]
    /// Each seat's return under perfect play, per reachable state.
    let values: [G.State: [Double]]

    /// Number of distinct states solved.
    public var stateCount: Int { values.count }

    /// Each seat's return under perfect play from `state`, or nil if it is not reachable.
    public func values(at state: G.State) -> [Double]? { values[state] }

    /// The legal actions at `state` whose resulting value is the acting seat's best (all of
    /// them when several tie); empty at chance and terminal states.
    public func optimalActions(at state: G.State) -> [G.Action] {
        guard case .seat(let seat) = game.currentPlayer(state) else { return [] }
        let actions = game.legalActions(state)
        let outcomes = actions.map { values[game.applying($0, to: state)]?[seat] ?? -.infinity }
        guard let best = outcomes.max() else { return [] }
        return zip(actions, outcomes).filter { $0.1 == best }.map(\.0)
    }

    /// The optimal actions of every decision state, for players that look them up per move.
    public func optimalActionTable() -> [G.State: [G.Action]] {
        var table: [G.State: [G.Action]] = [:]
        for state in values.keys {
            let optimal = optimalActions(at: state)
            if !optimal.isEmpty { table[state] = optimal }
        }
        return table
    }

    /// Perfect play as a tabular policy: at every decision state, uniform over the optimal actions.
    public func tabularPolicy(metadata: [String: String] = ["algorithm": "minimax"]) -> TabularPolicy {
        var policy = TabularPolicy(for: game, metadata: metadata)
        for state in values.keys {
            guard case .seat(let seat) = game.currentPlayer(state) else { continue }
            let optimal = optimalActions(at: state)
            var row = [Double](repeating: 0, count: game.actionCount)
            for action in optimal { row[game.actionIndex(action)] = 1 / Double(optimal.count) }
            policy.storeRow(row, forInformationState: game.informationState(state, seat: seat))
        }
        return policy
    }
}

private struct MinimaxSearch<G: Game> {
    let game: G
    let stateLimit: Int
    var values: [G.State: [Double]] = [:]
    /// The position behind each (seat, information state): a second one means hidden information.
    var positions: [String: G.State] = [:]

    init(game: G, stateLimit: Int) {
        self.game = game
        self.stateLimit = stateLimit
    }

    mutating func value(_ state: G.State) throws(SolverError) -> [Double] {
        if let known = values[state] { return known }
        guard values.count < stateLimit else {
            throw .gameTooLarge(game: game.description, counting: "states", limit: stateLimit, estimate: nil)
        }
        let result: [Double]
        switch game.currentPlayer(state) {
        case .terminal:
            result = game.returns(state)
        case .chance:
            var expected = [Double](repeating: 0, count: game.seatCount)
            for outcome in game.chanceOutcomes(state) {
                let child = try value(game.applying(outcome.action, to: state))
                for seat in expected.indices { expected[seat] += outcome.probability * child[seat] }
            }
            result = expected
        case .seat(let seat):
            let informationState = game.informationState(state, seat: seat)
            let key = "\(seat)|" + informationState
            if let other = positions[key], other != state {
                throw .notPerfectInformation(game: game.description, informationState: informationState)
            }
            positions[key] = state
            var best: [Double]?
            for action in game.legalActions(state) {
                let child = try value(game.applying(action, to: state))
                if best.map({ child[seat] > $0[seat] }) ?? true { best = child }
            }
            result = best ?? game.returns(state)
        }
        values[state] = result
        return result
    }
}
