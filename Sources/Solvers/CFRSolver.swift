/// Counterfactual regret minimisation (CFR) and CFR+ over a `GameTree`, as OpenSpiel's
/// `CFRSolver` and `CFRPlusSolver` run them, so the numbers agree with OpenSpiel's.
///
/// Both use alternating updates: each iteration walks the tree once per seat, updating that
/// seat's regrets and average-policy sums, then its current policy by regret matching.
/// CFR+ clamps regrets at zero after each walk (regret matching+) and weights iteration `t`'s
/// contribution to the average policy by `t` (linear averaging). The average policy is what
/// converges to a Nash equilibrium in two-player zero-sum games.
///
/// ```swift
/// var solver = CFRSolver(tree: try GameTree(KuhnPoker()), algorithm: .cfrPlus)
/// solver.run(iterations: 1000)
/// solver.tree.evaluate(solver.averagePolicy).exploitability   // about 8.7e-5
/// ```
public struct CFRSolver: Sendable {
    /// The CFR variants.
    public enum Algorithm: String, CaseIterable, Sendable {
        /// Vanilla CFR (regret matching, uniform averaging).
        case cfr
        /// CFR+ (regret matching+, linear averaging).
        case cfrPlus = "cfr+"
    }

    /// The tree the solver works on.
    public let tree: GameTree
    /// The variant it runs.
    public let algorithm: Algorithm
    /// Iterations run so far.
    public private(set) var iterations = 0

    /// Cumulative counterfactual regret per slot.
    private var regrets: [Double]
    /// Reach-weighted sum of the current policies per slot: the unnormalised average policy.
    private var policySums: [Double]
    /// The policy of the current iteration, per slot.
    private var current: [Double]
    /// Each seat's information states, so a seat's walk updates only its own.
    private let informationStatesBySeat: [[Int32]]
    /// The most children of any node: the stride of the per-depth scratch rows.
    private let widestNode: Int

    /// A solver at iteration 0 (current policy uniform, no regrets).
    public init(tree: GameTree, algorithm: Algorithm = .cfr) {
        self.tree = tree
        self.algorithm = algorithm
        regrets = Array(repeating: 0, count: tree.slotCount)
        policySums = Array(repeating: 0, count: tree.slotCount)
        current = tree.uniformPolicy().probabilities
        var bySeat = [[Int32]](repeating: [], count: tree.seatCount)
        for index in 0..<tree.informationStateCount {
            bySeat[tree.seat(ofInformationState: index)].append(Int32(index))
        }
        informationStatesBySeat = bySeat
        widestNode = max(tree.childCount.max().map(Int.init) ?? 1, 1)
    }

    /// The policy of the latest iteration (regret matching on the cumulative regrets).
    public var currentPolicy: TreePolicy { TreePolicy(probabilities: current) }

    /// The average policy: each information state's reach-weighted average of the current
    /// policies so far (uniform where the seat never reached it).
    public var averagePolicy: TreePolicy {
        var average = policySums
        for index in 0..<tree.informationStateCount {
            let slots = tree.slots(ofInformationState: index)
            var total = 0.0
            for slot in slots { total += policySums[slot] }
            for slot in slots { average[slot] = total > 0 ? policySums[slot] / total : 1 / Double(slots.count) }
        }
        return TreePolicy(probabilities: average)
    }

    /// Runs `count` more iterations.
    ///
    /// - Complexity: O(count × seats × nodes), with no allocation per iteration.
    public mutating func run(iterations count: Int) {
        guard count > 0 else { return }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: (tree.depth + 1) * widestNode)
        defer { scratch.deallocate() }
        for _ in 0..<count {
            iterations += 1
            let weight = algorithm == .cfrPlus ? Double(iterations) : 1
            for seat in 0..<tree.seatCount {
                walk(seat: seat, averagingWeight: weight, scratch: scratch)
                updateCurrentPolicy(seat: seat)
            }
        }
    }

    /// One walk of the tree for `seat`, adding to its regrets and average-policy sums.
    private mutating func walk(seat: Int, averagingWeight: Double, scratch: UnsafeMutablePointer<Double>) {
        let tree = self.tree
        let widestNode = self.widestNode
        withExtendedLifetime(tree) {
            current.withUnsafeBufferPointer { current in
                regrets.withUnsafeMutableBufferPointer { regrets in
                    policySums.withUnsafeMutableBufferPointer { policySums in
                        let walk = CFRWalk(
                            tree: tree, current: current, regrets: regrets, policySums: policySums,
                            scratch: scratch, widestNode: widestNode,
                            traverser: Int32(seat), averagingWeight: averagingWeight)
                        _ = walk.value(0, depth: 0, ownReach: 1, othersReach: 1)
                    }
                }
            }
        }
    }

    /// Regret matching (and, for CFR+, the clamp of regrets at zero) on `seat`'s information states.
    private mutating func updateCurrentPolicy(seat: Int) {
        let plus = algorithm == .cfrPlus
        for index in informationStatesBySeat[seat] {
            let slots = tree.slots(ofInformationState: Int(index))
            var positive = 0.0
            for slot in slots {
                if plus && regrets[slot] < 0 { regrets[slot] = 0 }
                positive += max(regrets[slot], 0)
            }
            for slot in slots {
                current[slot] = positive > 0 ? max(regrets[slot], 0) / positive : 1 / Double(slots.count)
            }
        }
    }
}

/// The recursive CFR walk of one seat (the traverser) over the tree's arrays.
private struct CFRWalk {
    /// The tree's node arrays, shared with the other walks.
    let shape: TreeShape
    let current: UnsafeBufferPointer<Double>
    let regrets: UnsafeMutableBufferPointer<Double>
    let policySums: UnsafeMutableBufferPointer<Double>
    /// Row `depth` holds the traverser's action values at the node being walked at that depth.
    let scratch: UnsafeMutablePointer<Double>
    let widestNode: Int
    let traverser: Int32
    let averagingWeight: Double

    init(
        tree: GameTree, current: UnsafeBufferPointer<Double>, regrets: UnsafeMutableBufferPointer<Double>,
        policySums: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutablePointer<Double>,
        widestNode: Int, traverser: Int32, averagingWeight: Double
    ) {
        shape = TreeShape(tree)
        self.current = current
        self.regrets = regrets
        self.policySums = policySums
        self.scratch = scratch
        self.widestNode = widestNode
        self.traverser = traverser
        self.averagingWeight = averagingWeight
    }

    /// The traverser's expected return at `node` under the current policies.
    ///
    /// - Parameters:
    ///   - ownReach: the probability that the traverser plays to `node`.
    ///   - othersReach: the probability that chance and the other seats play to `node`.
    func value(_ node: Int, depth: Int, ownReach: Double, othersReach: Double) -> Double {
        let mover = shape.player[node]
        if mover == GameTree.terminalPlayer {
            return shape.terminalReturns[Int(shape.payload[node]) &* shape.seatCount &+ Int(traverser)]
        }
        let first = Int(shape.firstChild[node])
        let count = Int(shape.childCount[node])
        if mover == GameTree.chancePlayer {
            var total = 0.0
            for child in first..<(first &+ count) {
                let probability = shape.chanceProbability[child]
                total += probability * value(child, depth: depth &+ 1, ownReach: ownReach, othersReach: othersReach * probability)
            }
            return total
        }
        // Nobody plays here: nothing below can change a regret or an average (OpenSpiel prunes too).
        if ownReach == 0 && othersReach == 0 { return 0 }
        let slot = Int(shape.slotStart[Int(shape.payload[node])])
        if mover != traverser {
            var total = 0.0
            for offset in 0..<count {
                let probability = current[slot &+ offset]
                total += probability * value(first &+ offset, depth: depth &+ 1, ownReach: ownReach, othersReach: othersReach * probability)
            }
            return total
        }
        let actionValues = scratch + depth &* widestNode
        var total = 0.0
        for offset in 0..<count {
            let probability = current[slot &+ offset]
            let actionValue = value(first &+ offset, depth: depth &+ 1, ownReach: ownReach * probability, othersReach: othersReach)
            actionValues[offset] = actionValue
            total += probability * actionValue
        }
        for offset in 0..<count {
            regrets[slot &+ offset] += othersReach * (actionValues[offset] - total)
            policySums[slot &+ offset] += averagingWeight * ownReach * current[slot &+ offset]
        }
        return total
    }
}
