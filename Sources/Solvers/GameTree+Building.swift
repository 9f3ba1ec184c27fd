import Games

extension GameTree {
    /// Walks every history of `game` once and lays the tree out in flat arrays.
    ///
    /// Before walking, a cheap size estimate (random probes, Knuth's estimator) refuses games
    /// far over the limit at once; the walk itself stops as soon as it passes the limit, so a
    /// large game gets an error rather than a hang.
    ///
    /// - Parameters:
    ///   - game: any game; chance nodes must list their outcomes with probabilities.
    ///   - nodeLimit: the most histories (nodes, chance and terminal included) to accept.
    /// - Throws: `SolverError.gameTooLarge` over the limit;
    ///   `SolverError.inconsistentInformationState` when two histories of one information state
    ///   have different legal actions; `SolverError.imperfectRecall` when a seat's information
    ///   state lies below itself (through other histories of the same states).
    /// - Complexity: O(histories), with one information-state string per distinct decision state.
    public init<G: Game>(_ game: G, nodeLimit: Int = GameTree.defaultNodeLimit) throws(SolverError) {
        // The estimator is unbiased but noisy: a few probes settle games far below the limit;
        // otherwise more probes decide, refusing only far over the limit, and the walk's own
        // count is the hard limit in any case.
        var estimate = TreeSizeEstimate.histories(of: game, probes: 16)
        if estimate > Double(nodeLimit) / 16 { estimate = TreeSizeEstimate.histories(of: game, probes: 64) }
        if estimate > 4 * Double(nodeLimit) {
            throw .gameTooLarge(game: game.description, counting: "histories", limit: nodeLimit, estimate: estimate)
        }
        var builder = TreeBuilder(game: game, nodeLimit: nodeLimit)
        let root = try builder.appendNode(chanceProbability: 1)
        try builder.expand(game.initialState(), node: root, depth: 0)
        try builder.checkNoInformationStateBelowItself()
        builder.slotStart.append(Int32(builder.slotAction.count))
        self.init(
            game: game.description, seatCount: game.seatCount, actionCount: game.actionCount, depth: builder.depth,
            player: builder.player, firstChild: builder.firstChild, childCount: builder.childCount,
            payload: builder.payload, chanceProbability: builder.chanceProbability,
            terminalReturns: builder.terminalReturns,
            informationStateStrings: builder.strings, informationStateSeat: builder.seats,
            slotStart: builder.slotStart, slotAction: builder.slotAction
        )
    }
}

/// The depth-first walk that fills a `GameTree`'s arrays.
private struct TreeBuilder<G: Game> {
    let game: G
    let nodeLimit: Int

    var player: [Int32] = []
    var firstChild: [Int32] = []
    var childCount: [Int32] = []
    var payload: [Int32] = []
    var chanceProbability: [Double] = []
    var terminalReturns: [Double] = []
    var depth = 0

    var strings: [String] = []
    var seats: [Int32] = []
    var slotStart: [Int32] = []
    var slotAction: [Int32] = []
    /// (seat, information-state string) to index.
    var indexByKey: [InformationStateKey: Int32] = [:]
    /// The information state of the acting seat at each distinct decision state, so a state
    /// reached by many histories (TicTacToe) builds its string once.
    var indexByState: [G.State: Int32] = [:]

    /// Per seat, the information state of the seat's latest decision on the current path.
    var latestOwn: [Int32]
    /// Pairs (earlier, later) of one seat's information states, the later met first below the
    /// earlier: best response decides the later first, so these must not form a cycle.
    var orderPairs: Set<UInt64> = []

    /// Legal actions and chance outcomes per depth, reused: the node at depth d fills row d
    /// while its children (deeper) use their own rows.
    let actionRows: DepthRows<ActionBuffer<G.Action>>
    let outcomeRows: DepthRows<ActionBuffer<ChanceOutcome<G.Action>>>

    init(game: G, nodeLimit: Int) {
        self.game = game
        self.nodeLimit = nodeLimit
        latestOwn = Array(repeating: -1, count: game.seatCount)
        actionRows = DepthRows { game.makeActionBuffer() }
        outcomeRows = DepthRows { game.makeChanceBuffer() }
        // Small games fill these in a few dozen inserts: start them large enough not to regrow.
        indexByKey.reserveCapacity(64)
        indexByState.reserveCapacity(64)
    }

    mutating func appendNode(chanceProbability probability: Double) throws(SolverError) -> Int {
        guard player.count < nodeLimit else {
            throw .gameTooLarge(game: game.description, counting: "histories", limit: nodeLimit, estimate: nil)
        }
        player.append(GameTree.chancePlayer)
        firstChild.append(0)
        childCount.append(0)
        payload.append(-1)
        chanceProbability.append(probability)
        return player.count - 1
    }

    /// Appends the children of `node` as one contiguous block, then expands each.
    mutating func expand(_ state: G.State, node: Int, depth: Int) throws(SolverError) {
        self.depth = max(self.depth, depth)
        switch game.currentPlayer(state) {
        case .terminal:
            player[node] = GameTree.terminalPlayer
            payload[node] = Int32(terminalReturns.count / game.seatCount)
            for seat in 0..<game.seatCount { terminalReturns.append(game.returns(state, seat: seat)) }
        case .chance:
            let outcomes = outcomeRows[depth]
            game.chanceOutcomes(state, into: outcomes)
            let first = player.count
            for outcome in outcomes { _ = try appendNode(chanceProbability: outcome.probability) }
            player[node] = GameTree.chancePlayer
            firstChild[node] = Int32(first)
            childCount[node] = Int32(outcomes.count)
            for (offset, outcome) in outcomes.enumerated() {
                try expand(game.applying(outcome.action, to: state), node: first + offset, depth: depth + 1)
            }
        case .seat(let seat):
            let actions = actionRows[depth]
            game.legalActions(state, into: actions)
            let first = player.count
            for _ in actions { _ = try appendNode(chanceProbability: 1) }
            player[node] = Int32(seat)
            payload[node] = try informationStateIndex(state, seat: seat, actions: actions)
            firstChild[node] = Int32(first)
            childCount[node] = Int32(actions.count)
            let earlier = latestOwn[seat]
            if earlier >= 0 { orderPairs.insert(UInt64(UInt32(earlier)) << 32 | UInt64(UInt32(payload[node]))) }
            latestOwn[seat] = payload[node]
            defer { latestOwn[seat] = earlier }
            for (offset, action) in actions.enumerated() {
                try expand(game.applying(action, to: state), node: first + offset, depth: depth + 1)
            }
        }
    }

    /// The slots of a registered information state (the last one's run to the end so far).
    func slots(of index: Int) -> Range<Int> {
        let end = index + 1 < slotStart.count ? Int(slotStart[index + 1]) : slotAction.count
        return Int(slotStart[index])..<end
    }

    /// The index of `seat`'s information state at `state`, registering it on first sight.
    mutating func informationStateIndex(_ state: G.State, seat: Int, actions: ActionBuffer<G.Action>) throws(SolverError) -> Int32 {
        if let known = indexByState[state] { return known }
        let string = game.informationState(state, seat: seat)
        let key = InformationStateKey(seat: Int32(seat), string: string)
        let indices = actions.map { Int32(game.actionIndex($0)) }
        if let known = indexByKey[key] {
            let registered = Array(slotAction[slots(of: Int(known))])
            guard registered == indices else {
                throw .inconsistentInformationState(
                    game: game.description, informationState: string,
                    reason: "one history allows actions \(registered), another \(indices)")
            }
            indexByState[state] = known
            return known
        }
        let index = Int32(strings.count)
        strings.append(string)
        seats.append(Int32(seat))
        slotStart.append(Int32(slotAction.count))
        slotAction.append(contentsOf: indices)
        indexByKey[key] = index
        indexByState[state] = index
        return index
    }
}

extension TreeBuilder {
    /// Checks that no information state lies below itself: a topological sort (Kahn) of the
    /// "met below" pairs must consume every information state.
    func checkNoInformationStateBelowItself() throws(SolverError) {
        let count = strings.count
        var successors = [[Int32]](repeating: [], count: count)
        var incoming = [Int](repeating: 0, count: count)
        for pair in orderPairs {
            let earlier = Int(pair >> 32)
            let later = Int(pair & 0xFFFF_FFFF)
            successors[earlier].append(Int32(later))
            incoming[later] += 1
        }
        var ready = (0..<count).filter { incoming[$0] == 0 }
        var sorted = 0
        while let next = ready.popLast() {
            sorted += 1
            for later in successors[next] {
                incoming[Int(later)] -= 1
                if incoming[Int(later)] == 0 { ready.append(Int(later)) }
            }
        }
        if sorted < count, let stuck = incoming.firstIndex(where: { $0 > 0 }) {
            throw .imperfectRecall(game: game.description, informationState: strings[stuck])
        }
    }
}

/// An information state is the pair (seat, string): two seats may write the same string.
private struct InformationStateKey: Hashable {
    var seat: Int32
    var string: String
}

/// One reusable object per depth of a walk, made on first use.
private final class DepthRows<Row> {
    private var rows: [Row] = []
    private let make: () -> Row

    init(make: @escaping () -> Row) {
        self.make = make
    }

    subscript(depth: Int) -> Row {
        while rows.count <= depth { rows.append(make()) }
        return rows[depth]
    }
}
