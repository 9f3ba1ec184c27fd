/// A policy for every seat over a `GameTree`: one probability per (information state, legal
/// action) slot, laid out as `GameTree.slots(ofInformationState:)` says.
///
/// This is the form CFR and best response compute on; `TabularPolicy` is the form that is
/// saved, loaded and shared with other tools. Convert with `GameTree.treePolicy(from:)` and
/// `GameTree.tabularPolicy(_:)`.
public struct TreePolicy: Hashable, Sendable {
    /// The probabilities, indexed by slot.
    public var probabilities: [Double]

    /// A policy from slot probabilities.
    ///
    /// - Precondition: `probabilities` has one entry per slot of the tree it is used with.
    public init(probabilities: [Double]) {
        self.probabilities = probabilities
    }

    /// The probabilities of information state `index`'s legal actions, in action order.
    public func probabilities(ofInformationState index: Int, in tree: GameTree) -> ArraySlice<Double> {
        probabilities[tree.slots(ofInformationState: index)]
    }
}

extension GameTree {
    /// Every seat uniform over its legal actions.
    public func uniformPolicy() -> TreePolicy {
        var probabilities = [Double](repeating: 0, count: slotCount)
        for index in 0..<informationStateCount {
            let slots = slots(ofInformationState: index)
            for slot in slots { probabilities[slot] = 1 / Double(slots.count) }
        }
        return TreePolicy(probabilities: probabilities)
    }

    /// A pure policy: at each information state, the action `choose` picks.
    ///
    /// - Parameters:
    ///   - choose: given the information-state string and its legal action indices, the action index to play.
    /// - Precondition: `choose` returns one of the legal actions it is given.
    public func purePolicy(_ choose: (_ informationState: String, _ legalActions: [Int]) -> Int) -> TreePolicy {
        var probabilities = [Double](repeating: 0, count: slotCount)
        for index in 0..<informationStateCount {
            let legal = legalActions(ofInformationState: index)
            let chosen = choose(informationStateStrings[index], legal)
            guard let offset = legal.firstIndex(of: chosen) else {
                preconditionFailure("action \(chosen) is not legal in '\(informationStateStrings[index])' (legal: \(legal))")
            }
            probabilities[Int(slotStart[index]) + offset] = 1
        }
        return TreePolicy(probabilities: probabilities)
    }

    /// Reads a tabular policy onto the tree; information states it does not name are uniform.
    ///
    /// - Returns: the policy, and the information-state strings the table did not name.
    /// - Throws: `PolicyError.gameMismatch` or `.actionCountMismatch` for a policy of another
    ///   game; `.unknownInformationState` for a row the game never reaches;
    ///   `.illegalAction` for probability on an action that is not legal in its state.
    public func treePolicy(from tabular: TabularPolicy) throws(PolicyError) -> (policy: TreePolicy, missing: [String]) {
        guard TabularPolicy.sameGame(tabular.game, game) else { throw .gameMismatch(policy: tabular.game, expected: game) }
        guard tabular.actionCount == actionCount else {
            throw .actionCountMismatch(policy: tabular.actionCount, expected: actionCount)
        }
        if let unknown = tabular.table.keys.filter({ informationStateIndices($0).isEmpty }).min() {
            throw .unknownInformationState(unknown, game: game)
        }
        var policy = uniformPolicy()
        var missing: [String] = []
        for index in 0..<informationStateCount {
            let string = informationStateStrings[index]
            guard let row = tabular[string] else {
                missing.append(string)
                continue
            }
            var legalMass = 0.0
            for slot in slots(ofInformationState: index) {
                let probability = row[Int(slotAction[slot])]
                policy.probabilities[slot] = probability
                legalMass += probability
            }
            // Rows are distributions, so mass missing from the legal actions sits on an illegal one.
            if legalMass < row.reduce(0, +) {
                let legal = legalActions(ofInformationState: index)
                if let illegal = row.indices.first(where: { row[$0] > 0 && !legal.contains($0) }) {
                    throw .illegalAction(informationState: string, action: illegal, legal: legal)
                }
            }
        }
        return (policy, missing)
    }

    /// `row` unchanged when it is a distribution (CFR's rows are, up to rounding), else
    /// normalised, or uniform over `legal` when it has no mass.
    private static func distribution(_ row: [Double], legal: [Int]) -> [Double] {
        let sum = row.reduce(0, +)
        let valid = row.allSatisfy { $0.isFinite && $0 >= 0 } && abs(sum - 1) <= TabularPolicy.sumTolerance
        if valid { return row }
        if sum > 0, sum.isFinite, row.allSatisfy({ $0 >= 0 }) { return row.map { $0 / sum } }
        var uniform = [Double](repeating: 0, count: row.count)
        for action in legal { uniform[action] = 1 / Double(legal.count) }
        return uniform
    }

    /// The policy as a table keyed by information-state strings, every information state named.
    ///
    /// A row that is not a distribution (a hand-made `TreePolicy`) is normalised, or made
    /// uniform when it has no mass.
    /// Where two seats write the same string (none of the catalog's games do), the row of
    /// the later information state wins, as in OpenSpiel's tables keyed by string alone.
    public func tabularPolicy(_ policy: TreePolicy, metadata: [String: String] = [:]) -> TabularPolicy {
        var table = TabularPolicy(game: game, actionCount: actionCount, metadata: metadata)
        for index in 0..<informationStateCount {
            var row = [Double](repeating: 0, count: actionCount)
            for slot in slots(ofInformationState: index) { row[Int(slotAction[slot])] = policy.probabilities[slot] }
            let legal = slots(ofInformationState: index).map { Int(slotAction[$0]) }
            table.storeRow(Self.distribution(row, legal: legal), forInformationState: informationStateStrings[index])
        }
        return table
    }
}
