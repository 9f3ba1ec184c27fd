import Games

/// What a policy profile is worth: each seat's expected return when every seat follows it,
/// and what each seat could get by deviating alone (its best response).
///
/// NashConv is the sum of the seats' gains from deviating; exploitability is NashConv divided
/// by the number of seats (OpenSpiel's definitions). Both are 0 exactly at a Nash equilibrium.
public struct PolicyEvaluation: Hashable, Sendable {
    /// Each seat's expected return when every seat follows the policy.
    public var policyValues: [Double]
    /// Each seat's expected return when it best-responds and the others follow the policy.
    public var bestResponseValues: [Double]

    /// Creates an evaluation from its values.
    public init(policyValues: [Double], bestResponseValues: [Double]) {
        self.policyValues = policyValues
        self.bestResponseValues = bestResponseValues
    }

    /// The sum over seats of best-response value minus policy value.
    public var nashConv: Double {
        zip(bestResponseValues, policyValues).reduce(0) { $0 + ($1.0 - $1.1) }
    }

    /// NashConv divided by the number of seats.
    public var exploitability: Double {
        nashConv / Double(max(policyValues.count, 1))
    }
}

/// A best response of one seat against the others' policies.
public struct BestResponse: Hashable, Sendable {
    /// The responding seat.
    public var seat: Int
    /// The seat's expected return when it plays `policy` against the others.
    public var value: Double
    /// The profile in which `seat` plays its (pure) best response and every other seat plays
    /// the policy it was computed against. Information states the response never reaches
    /// play their first legal action.
    public var policy: TreePolicy
}

extension GameTree {
    /// Each seat's expected return when every seat follows `policy` (chance by its probabilities).
    ///
    /// - Complexity: O(nodes), one pass with no recursion.
    public func expectedReturns(_ policy: TreePolicy) -> [Double] {
        precondition(policy.probabilities.count == slotCount, "the policy has \(policy.probabilities.count) slots; the tree has \(slotCount)")
        var totals = [Double](repeating: 0, count: seatCount)
        withExtendedLifetime(self) {
            policy.probabilities.withUnsafeBufferPointer { probabilities in
                let reach = UnsafeMutableBufferPointer<Double>.allocate(capacity: nodeCount)
                defer { reach.deallocate() }
                fillReach(reach, policy: probabilities, excluding: -1)
                let player = self.player.buffer
                let payload = self.payload.buffer
                let returns = terminalReturns.buffer
                for node in 0..<nodeCount where player[node] == Self.terminalPlayer {
                    let base = Int(payload[node]) &* seatCount
                    for seat in 0..<seatCount { totals[seat] += reach[node] * returns[base &+ seat] }
                }
            }
        }
        return totals
    }

    /// The best response of `seat` to the other seats' parts of `policy`, OpenSpiel's way: the
    /// histories of each of the seat's information states are weighted by the probability that
    /// chance and the other seats reach them, and one action is chosen per information state
    /// (the first of the best, so the same for every history in it).
    ///
    /// - Complexity: O(nodes).
    public func bestResponse(seat: Int, against policy: TreePolicy) -> BestResponse {
        precondition((0..<seatCount).contains(seat), "seat \(seat) is not in 0..<\(seatCount)")
        precondition(policy.probabilities.count == slotCount, "the policy has \(policy.probabilities.count) slots; the tree has \(slotCount)")
        var response = policy
        var value = 0.0
        withExtendedLifetime(self) {
            policy.probabilities.withUnsafeBufferPointer { probabilities in
                let walk = BestResponseWalk(tree: self, policy: probabilities, seat: Int32(seat))
                defer { walk.deallocate() }
                fillReach(walk.reach, policy: probabilities, excluding: Int32(seat))
                value = walk.nodeValue(0)
                for index in 0..<informationStateCount where informationStateSeat[index] == Int32(seat) {
                    let slots = slots(ofInformationState: index)
                    let chosen = max(Int(walk.choice[index]), 0)
                    for slot in slots { response.probabilities[slot] = slot == slots.lowerBound + chosen ? 1 : 0 }
                }
            }
        }
        return BestResponse(seat: seat, value: value, policy: response)
    }

    /// Every seat's policy value and best-response value under `policy`, hence its NashConv
    /// and exploitability.
    public func evaluate(_ policy: TreePolicy) -> PolicyEvaluation {
        PolicyEvaluation(
            policyValues: expectedReturns(policy),
            bestResponseValues: (0..<seatCount).map { bestResponse(seat: $0, against: policy).value })
    }

    /// Writes into `reach` the probability that chance and every seat but `excluded` (pass -1
    /// to exclude none) play to each node.
    func fillReach(_ reach: UnsafeMutableBufferPointer<Double>, policy: UnsafeBufferPointer<Double>, excluding excluded: Int32) {
        let player = self.player.buffer
        let firstChild = self.firstChild.buffer
        let childCount = self.childCount.buffer
        let payload = self.payload.buffer
        let chanceProbability = self.chanceProbability.buffer
        let slotStart = self.slotStart.buffer
        reach[0] = 1
        // Children come after their parent, so one pass in node order sees every parent first.
        for node in 0..<nodeCount {
            let mover = player[node]
            guard mover != Self.terminalPlayer else { continue }
            let first = Int(firstChild[node])
            let count = Int(childCount[node])
            let here = reach[node]
            if mover == Self.chancePlayer {
                for child in first..<(first &+ count) { reach[child] = here * chanceProbability[child] }
            } else if mover == excluded {
                for child in first..<(first &+ count) { reach[child] = here }
            } else {
                let slot = Int(slotStart[Int(payload[node])])
                for offset in 0..<count { reach[first &+ offset] = here * policy[slot &+ offset] }
            }
        }
    }
}

/// The memoised recursion of a best response over the tree's arrays.
private struct BestResponseWalk {
    /// The tree's node arrays, shared with the other walks.
    let shape: TreeShape
    let memberStart: UnsafeBufferPointer<Int32>
    let memberNodes: UnsafeBufferPointer<Int32>
    let policy: UnsafeBufferPointer<Double>
    let seat: Int32
    /// The probability that chance and the other seats play to each node.
    let reach: UnsafeMutableBufferPointer<Double>
    /// The seat's value at each node under the response, NaN until computed.
    let value: UnsafeMutableBufferPointer<Double>
    /// The chosen action (offset into the slots) per information state, -1 until decided.
    let choice: UnsafeMutableBufferPointer<Int32>

    init(tree: GameTree, policy: UnsafeBufferPointer<Double>, seat: Int32) {
        shape = TreeShape(tree)
        memberStart = tree.memberStart.buffer
        memberNodes = tree.memberNodes.buffer
        self.policy = policy
        self.seat = seat
        reach = .allocate(capacity: tree.nodeCount)
        value = .allocate(capacity: tree.nodeCount)
        value.initialize(repeating: .nan)
        choice = .allocate(capacity: tree.informationStateCount)
        choice.initialize(repeating: -1)
    }

    func deallocate() {
        reach.deallocate()
        value.deallocate()
        choice.deallocate()
    }

    /// The seat's expected return from `node` on, responding best below it.
    func nodeValue(_ node: Int) -> Double {
        let cached = value[node]
        if !cached.isNaN { return cached }
        let mover = shape.player[node]
        let first = Int(shape.firstChild[node])
        let count = Int(shape.childCount[node])
        var result = 0.0
        if mover == GameTree.terminalPlayer {
            result = shape.terminalReturns[Int(shape.payload[node]) &* shape.seatCount &+ Int(seat)]
        } else if mover == GameTree.chancePlayer {
            for child in first..<(first &+ count) { result += shape.chanceProbability[child] * nodeValue(child) }
        } else if mover == seat {
            result = nodeValue(first &+ bestOffset(Int(shape.payload[node])))
        } else {
            let slot = Int(shape.slotStart[Int(shape.payload[node])])
            for offset in 0..<count {
                let probability = policy[slot &+ offset]
                // Subtrees the others never play into add nothing: skip them.
                if probability != 0 { result += probability * nodeValue(first &+ offset) }
            }
        }
        value[node] = result
        return result
    }

    /// The action the seat plays in information state `infoset`: the one with the highest
    /// counterfactual value summed over the histories in it.
    func bestOffset(_ infoset: Int) -> Int {
        if choice[infoset] >= 0 { return Int(choice[infoset]) }
        let members = Int(memberStart[infoset])..<Int(memberStart[infoset &+ 1])
        let actions = Int(shape.slotStart[infoset &+ 1]) &- Int(shape.slotStart[infoset])
        var best = 0
        var bestValue = -Double.infinity
        for offset in 0..<actions {
            var total = 0.0
            for member in members {
                let node = Int(memberNodes[member])
                let weight = reach[node]
                if weight != 0 { total += weight * nodeValue(Int(shape.firstChild[node]) &+ offset) }
            }
            if total > bestValue {
                best = offset
                bestValue = total
            }
        }
        choice[infoset] = Int32(best)
        return best
    }
}
