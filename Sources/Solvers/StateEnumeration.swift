import Games

/// The sizes of a game: distinct states, histories (paths from the root) and information states.
///
/// Kuhn Poker: 58 states (4 chance, 24 decision, 30 terminal: OpenSpiel's "54 states" leave
/// out chance), 58 histories, 12 information states. TicTacToe: 5478 states (4520
/// non-terminal), 549,946 histories (294,778 non-terminal), 4520 information states.
public struct StateCounts: Hashable, Sendable {
    /// Distinct chance states.
    public var chanceStates = 0
    /// Distinct states where a seat acts.
    public var decisionStates = 0
    /// Distinct terminal states.
    public var terminalStates = 0
    /// Histories: root-to-node paths, so a state reached in several ways counts several times.
    public var histories = 0
    /// Histories that do not end the game.
    public var nonTerminalHistories = 0
    /// Distinct (seat, information-state string) pairs at decision states.
    public var informationStates = 0

    /// Distinct states of every kind.
    public var states: Int { chanceStates + decisionStates + terminalStates }
    /// Distinct states where the game goes on (chance and decision).
    public var nonTerminalStates: Int { chanceStates + decisionStates }
}

/// Counts the states, histories and information states of a game by walking its graph of
/// distinct states once (memoised by `State` hashing), so TicTacToe's 549,946 histories cost
/// only its 5478 states.
public enum StateEnumeration {
    /// The default cap on distinct states. Every state is hashed and kept, at a few
    /// microseconds and up to ~150 bytes each: reaching the cap on a game far too large
    /// (kuhn_poker(players=10)) takes about 4 s and 200 MB before the error.
    ///
    /// Unlike `GameTree`, the walk cannot refuse early from a size estimate: random probes
    /// estimate histories, and distinct states can be far fewer (TicTacToe: 100 times fewer).
    public static let defaultStateLimit = 1_000_000

    /// Counts every state of `game`.
    ///
    /// - Parameters:
    ///   - stateLimit: the most distinct states to visit before giving up.
    /// - Throws: `SolverError.gameTooLarge` as soon as the walk passes `stateLimit` states (or
    ///   the history count passes `Int.max`).
    /// - Complexity: O(states × branching), one information-state string per decision state.
    public static func count<G: Game>(_ game: G, stateLimit: Int = defaultStateLimit) throws(SolverError) -> StateCounts {
        var walk = EnumerationWalk(game: game, stateLimit: stateLimit)
        let root = try walk.visit(game.initialState())
        var counts = walk.counts
        counts.histories = root.histories
        counts.nonTerminalHistories = root.nonTerminal
        counts.informationStates = walk.informationStates.count
        return counts
    }
}

private struct EnumerationWalk<G: Game> {
    /// Histories below a state (itself included) and how many of them are not terminal.
    struct Subtree {
        var histories: Int
        var nonTerminal: Int
    }

    struct InformationStateKey: Hashable {
        var seat: Int
        var string: String
    }

    let game: G
    let stateLimit: Int
    var counts = StateCounts()
    var memo: [G.State: Subtree] = [:]
    var informationStates: Set<InformationStateKey> = []

    init(game: G, stateLimit: Int) {
        self.game = game
        self.stateLimit = stateLimit
    }

    mutating func visit(_ state: G.State) throws(SolverError) -> Subtree {
        if let known = memo[state] { return known }
        guard memo.count < stateLimit else {
            throw .gameTooLarge(game: game.description, counting: "states", limit: stateLimit, estimate: nil)
        }
        var subtree = Subtree(histories: 1, nonTerminal: 1)
        switch game.currentPlayer(state) {
        case .terminal:
            counts.terminalStates += 1
            subtree.nonTerminal = 0
        case .chance:
            counts.chanceStates += 1
            for outcome in game.chanceOutcomes(state) {
                // Visit first, then add: `add(visit(...))` would hold a copy of `self` (and so of
                // the memo) across the visit, copying the whole memo on every insert.
                let child = try visit(game.applying(outcome.action, to: state))
                try Self.add(child, to: &subtree, game: game)
            }
        case .seat(let seat):
            counts.decisionStates += 1
            informationStates.insert(InformationStateKey(seat: seat, string: game.informationState(state, seat: seat)))
            for action in game.legalActions(state) {
                let child = try visit(game.applying(action, to: state))
                try Self.add(child, to: &subtree, game: game)
            }
        }
        memo[state] = subtree
        return subtree
    }

    static func add(_ child: Subtree, to subtree: inout Subtree, game: G) throws(SolverError) {
        let histories = subtree.histories.addingReportingOverflow(child.histories)
        let nonTerminal = subtree.nonTerminal.addingReportingOverflow(child.nonTerminal)
        guard !histories.overflow, !nonTerminal.overflow else {
            throw .gameTooLarge(game: game.description, counting: "histories", limit: Int.max, estimate: nil)
        }
        subtree.histories = histories.partialValue
        subtree.nonTerminal = nonTerminal.partialValue
    }
}
