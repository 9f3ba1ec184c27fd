/// Nash averaging (Balduzzi, Tuyls, Perolat and Graepel, "Re-evaluating Evaluation",
/// NeurIPS 2018): ratings that a line-up of weak or redundant policies cannot inflate.
///
/// The meta-game is the symmetric zero-sum game whose payoff matrix holds, at row `i` and
/// column `j`, policy `i`'s mean return against policy `j` (antisymmetric: `j`'s is the
/// negative). Its maximum-entropy Nash equilibrium is a mixture of policies that no policy of
/// the line-up beats on average; a policy's Nash-averaged rating is its expected payoff against
/// that mixture. Policies in the mixture rate 0; a policy the mixture beats rates below 0, by
/// how much it loses. Unlike Elo, beating many weak policies earns nothing: against
/// rock-paper-scissors every policy rates 0, and adding copies of a policy changes no rating.
public struct NashAveraging: Sendable {
    /// The meta-game: `payoffs[i][j]` is policy `i`'s mean return against policy `j`.
    public let payoffs: [[Double]]
    /// The maximum-entropy Nash equilibrium of the meta-game: one weight per policy, summing to 1.
    public let weights: [Double]
    /// Each policy's expected payoff against the equilibrium mixture: 0 in its support, at
    /// most 0 everywhere.
    public let ratings: [Double]

    /// A payoff matrix that is not a meta-game: not square, not finite or not antisymmetric.
    public struct InvalidPayoffs: Error, CustomStringConvertible {
        public let description: String
    }

    /// Rates the policies of a payoff matrix.
    ///
    /// - Parameter payoffs: square, finite, with `payoffs[i][j] == -payoffs[j][i]` up to
    ///   rounding (one part in 10^9 of the largest payoff) and zeros on the diagonal.
    /// - Throws: `InvalidPayoffs` saying which entry is wrong.
    public init(payoffs: [[Double]]) throws(InvalidPayoffs) {
        let count = payoffs.count
        let scale = payoffs.joined().map(abs).max() ?? 0
        for (i, row) in payoffs.enumerated() {
            guard row.count == count else {
                throw InvalidPayoffs(description: "the payoff matrix must be square: row \(i) has \(row.count) entries for \(count) policies")
            }
            for (j, value) in row.enumerated() {
                guard value.isFinite else { throw InvalidPayoffs(description: "payoff [\(i)][\(j)] is \(value)") }
                guard abs(value + payoffs[j][i]) <= 1e-9 * scale else {
                    throw InvalidPayoffs(
                        description: "the payoff matrix must be antisymmetric: [\(i)][\(j)] is \(value) but [\(j)][\(i)] is \(payoffs[j][i])")
                }
            }
        }
        self.init(antisymmetric: payoffs)
    }

    /// Rates `policyCount` policies from pairwise results: `payoff` is policy `a`'s mean return
    /// against `b` (and `b`'s is its negative); pairs never played count as even.
    ///
    /// - Precondition: indices in `0..<policyCount`, payoffs finite.
    public init(policyCount: Int, results: [(a: Int, b: Int, payoff: Double)]) {
        var payoffs = [[Double]](repeating: [Double](repeating: 0, count: policyCount), count: policyCount)
        for result in results where result.a != result.b {
            precondition(result.payoff.isFinite, "payoffs must be finite")
            payoffs[result.a][result.b] = result.payoff
            payoffs[result.b][result.a] = -result.payoff
        }
        self.init(antisymmetric: payoffs)
    }

    private init(antisymmetric payoffs: [[Double]]) {
        self.payoffs = payoffs
        let weights = MaxEntropyEquilibrium.solve(payoffs)
        self.weights = weights
        // What is rounding away from 0 shows as 0, so the support reads as 0 exactly.
        let scale = payoffs.joined().map(abs).max() ?? 0
        ratings = payoffs.map { row in
            let rating = zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 }
            return abs(rating) <= 1e-9 * scale ? 0 : rating
        }
    }
}
