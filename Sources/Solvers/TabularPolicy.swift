import Games

/// A policy written as a table: for each information-state string, a probability for every
/// action index of the game (zero for actions that are not legal there).
///
/// Information states missing from the table count as uniform over the legal actions, as in
/// OpenSpiel. The keys are the game's `informationState(_:seat:)` strings (Kuhn: `1pb`), the
/// same as OpenSpiel's, so a policy moves between the two; docs/policy-format.md gives the
/// file format and the mapping to OpenSpiel's `TabularPolicy`.
///
/// ```swift
/// var policy = TabularPolicy(game: "kuhn_poker", actionCount: 2)
/// try policy.setProbabilities([2.0 / 3, 1.0 / 3], forInformationState: "0")
/// policy.probabilities(forInformationState: "0", legalActions: [0, 1])   // [0.667, 0.333]
/// policy.probabilities(forInformationState: "1pb", legalActions: [0, 1]) // [0.5, 0.5]
/// ```
public struct TabularPolicy: Hashable, Sendable {
    /// The `format` field of policy files.
    public static let formatName = "selfplay.tabular_policy"
    /// The version of the file format this build writes and reads.
    public static let formatVersion = 1
    /// How far from 1 a row's probabilities may sum.
    public static let sumTolerance = 1e-6

    /// The canonical game string the policy is for, e.g. `kuhn_poker(players=3)`.
    public var game: String
    /// The size of the game's action index space: the length of every row.
    public let actionCount: Int
    /// Free-form notes kept in the file (the algorithm and iterations that made it, ...).
    public var metadata: [String: String]
    /// The rows: information-state string to one probability per action index.
    public private(set) var table: [String: [Double]]

    /// An empty policy (uniform everywhere) for a game.
    ///
    /// - Parameters:
    ///   - game: the game string the policy is for.
    ///   - actionCount: the game's number of action indices.
    public init(game: String, actionCount: Int, metadata: [String: String] = [:]) {
        self.game = game
        self.actionCount = actionCount
        self.metadata = metadata
        self.table = [:]
    }

    /// An empty policy (uniform everywhere) for `game`.
    public init<G: Game>(for game: G, metadata: [String: String] = [:]) {
        self.init(game: game.description, actionCount: game.actionCount, metadata: metadata)
    }

    /// The information states the table names, sorted.
    public var informationStates: [String] { table.keys.sorted() }

    /// The stored row of `informationState`, or nil when the table does not name it.
    public subscript(informationState: String) -> [Double]? { table[informationState] }

    /// Stores the row of one information state.
    ///
    /// - Parameters:
    ///   - probabilities: one probability per action index `0..<actionCount`.
    /// - Throws: `PolicyError.badProbabilities` unless the row has `actionCount` finite,
    ///   non-negative numbers summing to 1 within `sumTolerance`.
    public mutating func setProbabilities(_ probabilities: [Double], forInformationState informationState: String) throws(PolicyError) {
        try Self.check(probabilities, actionCount: actionCount, informationState: informationState)
        table[informationState] = probabilities
    }

    /// Stores a row already known to be a distribution (rows the solvers compute).
    mutating func storeRow(_ probabilities: [Double], forInformationState informationState: String) {
        table[informationState] = probabilities
    }

    /// Removes an information state, so it counts as uniform again.
    public mutating func removeInformationState(_ informationState: String) {
        table[informationState] = nil
    }

    /// The probability of every action index at an information state.
    ///
    /// - Parameters:
    ///   - informationState: the acting seat's information-state string.
    ///   - legalActions: the legal action indices there.
    /// - Returns: `actionCount` probabilities, zero outside `legalActions`. A missing state
    ///   gives uniform over `legalActions`. If the stored row puts probability on actions not
    ///   in `legalActions`, the legal part is renormalised (uniform if nothing is left).
    public func probabilities(forInformationState informationState: String, legalActions: [Int]) -> [Double] {
        var result = [Double](repeating: 0, count: actionCount)
        let legal = legalActions.filter { (0..<actionCount).contains($0) }
        guard let row = table[informationState] else {
            for action in legal { result[action] = 1 / Double(legal.count) }
            return result
        }
        var total = 0.0
        for action in legal {
            result[action] = row[action]
            total += row[action]
        }
        let massOutsideLegal = row.indices.contains { row[$0] > 0 && result[$0] == 0 }
        guard massOutsideLegal else { return result }
        guard total > 0 else {
            for action in legal { result[action] = 1 / Double(legal.count) }
            return result
        }
        for action in legal { result[action] /= total }
        return result
    }

    /// Samples an action index at an information state.
    ///
    /// - Parameters:
    ///   - rng: the generator; one 64-bit draw per call, turned into a uniform in [0, 1)
    ///     the way `EpisodeRNG.unit()` does, so runs are reproducible.
    /// - Returns: an index from `legalActions`, drawn by `probabilities(forInformationState:legalActions:)`.
    /// - Precondition: `legalActions` is not empty.
    public func sampleAction<R: RandomNumberGenerator>(
        forInformationState informationState: String, legalActions: [Int], using rng: inout R
    ) -> Int {
        precondition(!legalActions.isEmpty, "no legal action to sample")
        let probabilities = probabilities(forInformationState: informationState, legalActions: legalActions)
        var remaining = Double(rng.next() >> 11) * 0x1.0p-53
        var last = legalActions[legalActions.count - 1]
        for action in legalActions where (0..<actionCount).contains(action) {
            let probability = probabilities[action]
            guard probability > 0 else { continue }
            last = action
            remaining -= probability
            if remaining < 0 { return action }
        }
        // Rounding can leave a sliver above the last cumulative sum: it goes to the last action with mass.
        return last
    }

    /// Checks that a row is a probability distribution over `0..<actionCount`.
    static func check(_ row: [Double], actionCount: Int, informationState: String) throws(PolicyError) {
        guard row.count == actionCount else {
            throw .badProbabilities(
                informationState: informationState,
                reason: "has \(row.count) probabilities; expected \(actionCount), one per action index 0..<\(actionCount)")
        }
        for (action, probability) in row.enumerated() {
            guard probability.isFinite else {
                throw .badProbabilities(
                    informationState: informationState, reason: "action \(action) has probability \(probability); probabilities must be finite")
            }
            guard probability >= 0 else {
                throw .badProbabilities(informationState: informationState, reason: "action \(action) has negative probability \(probability)")
            }
        }
        let sum = row.reduce(0, +)
        guard abs(sum - 1) <= sumTolerance else {
            throw .badProbabilities(informationState: informationState, reason: "probabilities sum to \(sum), not 1 (tolerance \(sumTolerance))")
        }
    }
}
