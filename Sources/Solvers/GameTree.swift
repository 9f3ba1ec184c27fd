import Games

/// A game's whole tree of histories, built once into flat arrays so that CFR, best response
/// and expected values run over integers and doubles, with no hashing or string building.
///
/// Nodes are numbered from the root (node 0) so that a node's children come after it and
/// are contiguous: the children of node `n` are `firstChild(n) ..< firstChild(n) + childCount(n)`.
/// A decision node's `k`-th child follows the `k`-th legal action of its information state;
/// a chance node's `k`-th child follows its `k`-th chance outcome.
///
/// Information states are numbered too. Each owns a run of *slots*, one per legal action,
/// so a policy over the tree is one flat array of probabilities (see `TreePolicy`).
///
/// ```swift
/// let tree = try GameTree(KuhnPoker())
/// let uniform = tree.uniformPolicy()
/// print(tree.evaluate(uniform).exploitability)   // 0.4583333333333333
/// ```
public struct GameTree: Sendable {
    /// OpenSpiel's player id of chance nodes.
    public static let chancePlayer: Int32 = -1
    /// OpenSpiel's player id of terminal nodes.
    public static let terminalPlayer: Int32 = -4
    /// The default cap on histories (tree nodes): about 100 MB of tree.
    public static let defaultNodeLimit = 5_000_000

    /// The canonical game string of the game the tree was built from.
    public let game: String
    /// Number of seats.
    public let seatCount: Int
    /// The size of the game's action index space.
    public let actionCount: Int
    /// The longest path from the root, in edges.
    public let depth: Int

    // Per node. `player` holds a seat, `chancePlayer` or `terminalPlayer`.
    let player: FrozenArray<Int32>
    let firstChild: FrozenArray<Int32>
    let childCount: FrozenArray<Int32>
    /// The information state of a decision node; the terminal index of a terminal; -1 at chance.
    let payload: FrozenArray<Int32>
    /// The probability of the chance outcome leading into the node (1 below seat actions).
    let chanceProbability: FrozenArray<Double>
    /// `terminalReturns[t * seatCount + seat]`: the returns of terminal `t`.
    let terminalReturns: FrozenArray<Double>

    // Per information state.
    let informationStateStrings: [String]
    let informationStateSeat: FrozenArray<Int32>
    /// Slots of information state `i` are `slotStart[i] ..< slotStart[i + 1]`.
    let slotStart: FrozenArray<Int32>
    /// The action index each slot stands for.
    let slotAction: FrozenArray<Int32>
    /// Nodes of information state `i` are `memberNodes[memberStart[i] ..< memberStart[i + 1]]`.
    let memberStart: FrozenArray<Int32>
    let memberNodes: FrozenArray<Int32>
    /// Information-state string to index, per seat.
    let indexByString: [[String: Int32]]

    init(
        game: String, seatCount: Int, actionCount: Int, depth: Int,
        player: [Int32], firstChild: [Int32], childCount: [Int32], payload: [Int32],
        chanceProbability: [Double], terminalReturns: [Double],
        informationStateStrings: [String], informationStateSeat: [Int32], slotStart: [Int32], slotAction: [Int32]
    ) {
        self.game = game
        self.seatCount = seatCount
        self.actionCount = actionCount
        self.depth = depth
        self.player = FrozenArray(player)
        self.firstChild = FrozenArray(firstChild)
        self.childCount = FrozenArray(childCount)
        self.payload = FrozenArray(payload)
        self.chanceProbability = FrozenArray(chanceProbability)
        self.terminalReturns = FrozenArray(terminalReturns)
        self.informationStateStrings = informationStateStrings
        self.informationStateSeat = FrozenArray(informationStateSeat)
        self.slotStart = FrozenArray(slotStart)
        self.slotAction = FrozenArray(slotAction)
        var byString = [[String: Int32]](repeating: [:], count: seatCount)
        for (index, string) in informationStateStrings.enumerated() {
            byString[Int(informationStateSeat[index])][string] = Int32(index)
        }
        indexByString = byString
        let (start, members) = Self.groupNodes(player: player, payload: payload, count: informationStateStrings.count)
        memberStart = FrozenArray(start)
        memberNodes = FrozenArray(members)
    }

    /// Lists the nodes of each information state (a counting sort by information state).
    private static func groupNodes(player: [Int32], payload: [Int32], count: Int) -> ([Int32], [Int32]) {
        var start = [Int32](repeating: 0, count: count + 1)
        for node in player.indices where player[node] >= 0 { start[Int(payload[node]) + 1] += 1 }
        for index in 0..<count { start[index + 1] += start[index] }
        var next = start
        var members = [Int32](repeating: 0, count: Int(start[count]))
        for node in player.indices where player[node] >= 0 {
            let infoset = Int(payload[node])
            members[Int(next[infoset])] = Int32(node)
            next[infoset] += 1
        }
        return (start, members)
    }

    // MARK: Sizes

    /// Number of histories (nodes), chance and terminal nodes included.
    public var nodeCount: Int { player.count }
    /// Number of terminal histories.
    public var terminalCount: Int { terminalReturns.count / max(seatCount, 1) }
    /// Number of chance nodes.
    public var chanceNodeCount: Int { player.lazy.filter { $0 == Self.chancePlayer }.count }
    /// Number of histories where a seat acts.
    public var decisionNodeCount: Int { nodeCount - terminalCount - chanceNodeCount }
    /// Number of information states (over all seats).
    public var informationStateCount: Int { informationStateStrings.count }
    /// Number of (information state, legal action) slots: the length of a `TreePolicy`.
    public var slotCount: Int { slotAction.count }

    // MARK: Information states

    /// The information-state string of information state `index`, as the game writes it.
    public func informationState(_ index: Int) -> String { informationStateStrings[index] }

    /// The seat that acts in information state `index`.
    public func seat(ofInformationState index: Int) -> Int { Int(informationStateSeat[index]) }

    /// The legal action indices of information state `index`, ascending.
    public func legalActions(ofInformationState index: Int) -> [Int] {
        slots(ofInformationState: index).map { Int(slotAction[$0]) }
    }

    /// The policy slots of information state `index`, one per legal action, in action order.
    public func slots(ofInformationState index: Int) -> Range<Int> {
        Int(slotStart[index])..<Int(slotStart[index + 1])
    }

    /// The index of the information state `seat` writes as `string`, if the game reaches it.
    public func informationStateIndex(_ string: String, seat: Int) -> Int? {
        guard (0..<seatCount).contains(seat) else { return nil }
        return indexByString[seat][string].map(Int.init)
    }

    /// The indices of the information states whose string is `string`, over every seat.
    public func informationStateIndices(_ string: String) -> [Int] {
        indexByString.compactMap { $0[string].map(Int.init) }
    }
}
