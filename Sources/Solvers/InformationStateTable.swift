import Games

/// Every information state of a small game, with the observation tensor the acting seat sees
/// there.
///
/// Why: a learner that acts on observation tensors (a neural network) has no table of
/// probabilities to hand to the exact solvers. When the observation is a function of the
/// information state, evaluating the learner once on each row's `observation` gives it a
/// probability for every row's `legalActions`; keyed by `informationState`, those rows are a
/// `TabularPolicy` (docs/policy-format.md) that plays exactly as the learner does, and
/// `GameTree.evaluate` (`games exploitability GAME --policy FILE`) gives the learner's exact
/// exploitability.
///
/// Rows are numbered like `GameTree`'s information states: row `i` is
/// `GameTree(game).informationState(i)`, over all seats.
///
/// ```swift
/// let table = try InformationStateTable(KuhnPoker())
/// for row in table.rows { print(row.informationState, row.seat, row.observation) }
/// ```
public struct InformationStateTable: Hashable, Sendable {
    /// One information state and what its acting seat sees there.
    public struct Row: Hashable, Sendable {
        /// The information-state string, as `Game.informationState(_:seat:)` writes it: the
        /// key of a tabular policy file.
        public let informationState: String
        /// The seat that acts in this information state.
        public let seat: Int
        /// The role the seat holds here, as an index into the table's `roleNames`.
        public let role: Int
        /// The legal action indices, ascending.
        public let legalActions: [Int]
        /// The acting seat's observation tensor (row-major, the table's `observationShape`).
        public let observation: [Float]
        /// The text face's prompt for the acting seat (`Game.observationText`), so a language
        /// model can be evaluated on every row too; nil when two histories of this information
        /// state give different prompts (the text then shows more than the key holds).
        public let prompt: String?
        /// The text of each of `legalActions`, in the same order (`Game.actionText`).
        public let actionTexts: [String]
    }

    /// The canonical game string of the game the table was built from.
    public let game: String
    /// Number of seats.
    public let seatCount: Int
    /// The size of the game's action index space.
    public let actionCount: Int
    /// The shape of every row's observation tensor.
    public let observationShape: [Int]
    /// The names of the roles a row's `role` indexes.
    public let roleNames: [String]
    /// One row per information state, in `GameTree`'s numbering.
    public let rows: [Row]

    /// Lists every information state of `game` with its acting seat's observation.
    ///
    /// Builds the game's `GameTree` (for its information states, their numbering and its
    /// checks), then walks the game's distinct states once to read each information state's
    /// observation tensor and role, checking that every history of it gives the same ones.
    ///
    /// - Parameters:
    ///   - game: any game small enough for `GameTree`, with perfect recall.
    ///   - nodeLimit: the most histories (tree nodes) to accept.
    /// - Throws: every error of `GameTree.init` (`gameTooLarge` over the limit, among others);
    ///   `SolverError.observationNotDeterminedByInformationState` when two histories of one
    ///   information state give the acting seat different observation tensors or roles.
    /// - Complexity: O(histories) for the tree, then O(states × observation size).
    public init<G: Game>(_ game: G, nodeLimit: Int = GameTree.defaultNodeLimit) throws(SolverError) {
        let tree = try GameTree(game, nodeLimit: nodeLimit)
        var walk = ObservationWalk(game: game, tree: tree)
        try walk.visit(game.initialState())
        var rows: [Row] = []
        rows.reserveCapacity(tree.informationStateCount)
        for index in 0..<tree.informationStateCount {
            guard let seen = walk.seen[index] else {
                throw .inconsistentInformationState(
                    game: tree.game, informationState: tree.informationState(index),
                    reason: "a second walk of the game never reached it (are the rules deterministic?)")
            }
            rows.append(
                Row(
                    informationState: tree.informationState(index), seat: tree.seat(ofInformationState: index),
                    role: seen.role, legalActions: tree.legalActions(ofInformationState: index),
                    observation: seen.observation, prompt: seen.promptAgrees ? seen.prompt : nil,
                    actionTexts: seen.actionTexts))
        }
        self.game = tree.game
        seatCount = game.seatCount
        actionCount = game.actionCount
        observationShape = game.observationShape
        roleNames = game.roleNames
        self.rows = rows
    }

    /// Number of information states (rows), over all seats.
    public var count: Int { rows.count }
}

/// The walk over a game's distinct states that records, per information state of the tree,
/// the acting seat's observation and role, and checks that they never differ.
private struct ObservationWalk<G: Game> {
    struct Seen {
        var role: Int
        var observation: [Float]
        var prompt: String
        var actionTexts: [String]
        /// Every history of the information state gave `prompt` so far.
        var promptAgrees = true
    }

    let game: G
    let tree: GameTree
    /// Per information state of the tree, what its acting seat saw the first time.
    var seen: [Seen?]
    var visited: Set<G.State> = []

    init(game: G, tree: GameTree) {
        self.game = game
        self.tree = tree
        seen = Array(repeating: nil, count: tree.informationStateCount)
    }

    mutating func visit(_ state: G.State) throws(SolverError) {
        guard visited.insert(state).inserted else { return }
        switch game.currentPlayer(state) {
        case .terminal:
            return
        case .chance:
            for outcome in game.chanceOutcomes(state) { try visit(game.applying(outcome.action, to: state)) }
        case .seat(let seat):
            try record(state, seat: seat)
            for action in game.legalActions(state) { try visit(game.applying(action, to: state)) }
        }
    }

    mutating func record(_ state: G.State, seat: Int) throws(SolverError) {
        let string = game.informationState(state, seat: seat)
        guard let index = tree.informationStateIndex(string, seat: seat) else {
            throw .inconsistentInformationState(
                game: tree.game, informationState: string,
                reason: "a second walk of the game met it for seat \(seat), the tree did not (are the rules deterministic?)")
        }
        let now = Seen(
            role: game.role(of: seat, in: state), observation: game.observation(state, seat: seat),
            prompt: game.observationText(state, seat: seat), actionTexts: game.legalActionTexts(state))
        guard let first = seen[index] else {
            seen[index] = now
            return
        }
        // A prompt that shows more than the key (a text-only detail) is not an error for the
        // tensor rows: the row just has no prompt to evaluate a language model on.
        if first.prompt != now.prompt || first.actionTexts != now.actionTexts { seen[index]?.promptAgrees = false }
        if let difference = Self.difference(between: first, and: now, roleNames: game.roleNames) {
            throw .observationNotDeterminedByInformationState(game: tree.game, informationState: string, difference: difference)
        }
    }

    /// What differs between two sightings of one information state, or nil when nothing does.
    static func difference(between first: Seen, and second: Seen, roleNames: [String]) -> String? {
        if first.role != second.role {
            let name = { (role: Int) in roleNames.indices.contains(role) ? "\(role) (\(roleNames[role]))" : "\(role)" }
            return "one history gives the acting seat role \(name(first.role)), another role \(name(second.role))"
        }
        guard let index = first.observation.indices.first(where: { first.observation[$0] != second.observation[$0] }) else {
            return nil
        }
        return "one history gives an observation tensor with \(first.observation[index]) at index \(index), "
            + "another \(second.observation[index])"
    }
}
