import Foundation

/// The maximum-entropy Nash equilibrium of a symmetric zero-sum game with an antisymmetric
/// payoff matrix `A` (row policy's payoff against the column policy).
///
/// The game's value is 0, so its equilibria are the mixtures `p` with `(A p)_i <= 0` for every
/// policy `i`: no policy gains against `p`. They form a polytope; the one of greatest entropy
/// is unique (entropy is strictly concave), and it is found in two exact stages:
///
/// 1. The game's linear program, then one more over its optimal face per policy and per
///    condition, finds which policies some equilibrium plays (the support) and which conditions
///    `(A p)_i <= 0` some equilibrium meets strictly; the others hold with equality on the whole
///    polytope. It also gives a point inside.
///    Maximum entropy has the largest support, because entropy's slope is infinite at 0.
/// 2. On the affine subspace those equalities leave, entropy is maximised by Newton's method
///    with a logarithmic barrier for the strict conditions (an interior-point method). Most
///    tournaments have a single equilibrium: then the subspace is a point and stage 1 is the
///    answer.
enum MaxEntropyEquilibrium {
    /// Weights, and payoff gaps as a fraction of the largest payoff, smaller than this count
    /// as 0.
    static let resolution = 1e-9

    /// The equilibrium weights; uniform when every payoff is 0.
    static func solve(_ payoffs: [[Double]]) -> [Double] {
        let count = payoffs.count
        let scale = payoffs.joined().map(abs).max() ?? 0
        guard count > 1, scale > 0 else { return [Double](repeating: 1 / Double(max(count, 1)), count: count) }
        let matrix = payoffs.map { $0.map { $0 / scale } }
        let face = equilibriumFace(matrix)
        let support = face.support
        // Conditions that hold with equality everywhere, and Sum p = 1, fix the subspace.
        var equations = [(row: [Double](repeating: 1, count: support.count), value: 1.0)]
        for policy in 0..<count where !face.strict.contains(policy) {
            equations.append((support.map { matrix[policy][$0] }, 0))
        }
        let subspace = AffineSubspace(dimension: support.count, equations: equations)
        let strictRows = face.strict.map { policy in support.map { matrix[policy][$0] } }
        let inside = support.map { face.point[$0] }
        let barrier = EntropyBarrier(strictRows: strictRows, directions: subspace.directions)
        let projected = subspace.projection(of: inside)
        var weights = barrier.isStrictlyFeasible(projected) ? projected : inside
        if !subspace.directions.isEmpty { barrier.maximise(from: &weights) }
        var full = [Double](repeating: 0, count: count)
        for (position, policy) in support.enumerated() { full[policy] = max(0, weights[position]) }
        let total = full.reduce(0, +)
        return full.map { $0 / total }
    }

    /// Stage 1: the support, the strictly satisfiable conditions and a point inside the
    /// equilibrium polytope, from the classic linear program of a matrix game.
    ///
    /// With `B = A + shift` (every entry positive), maximise `Sum y` subject to `B y <= 1`,
    /// `y >= 0`: the optimal `y`, scaled to sum 1, are exactly the equilibria (the game is
    /// symmetric, so the column player's optimal mixtures are the row player's), and the slack
    /// of row `i` is `-(A y)_i`. Over that optimal face, maximising each `y_i` tells whether some
    /// equilibrium plays policy `i`, and maximising each slack whether some equilibrium meets
    /// condition `i` strictly. The average of those maximisers is inside the polytope.
    static func equilibriumFace(_ matrix: [[Double]]) -> (support: [Int], strict: [Int], point: [Double]) {
        let count = matrix.count
        let shift = 2.0  // entries of `matrix` are within [-1, 1]
        var program = LinearProgram(constraints: matrix.map { $0.map { $0 + shift } }, bounds: [Double](repeating: 1, count: count))
        let total = [Double](repeating: 1, count: count) + [Double](repeating: 0, count: count)
        guard let costs = program.maximise(total) else { return everyPolicy(count) }
        // The optimal face: columns with a negative reduced cost stay at 0.
        let excluded = Set(costs.indices.filter { costs[$0] < -LinearProgram.tolerance })
        var support: [Int] = []
        var strict: [Int] = []
        var sum = program.values
        for column in 0..<(2 * count) {
            var face = program
            var objective = [Double](repeating: 0, count: 2 * count)
            objective[column] = 1
            guard face.maximise(objective, excluding: excluded) != nil else { return everyPolicy(count) }
            let values = face.values
            // Weights and slacks are of the order of 1 / shift here.
            if values[column] > resolution {
                if column < count { support.append(column) } else { strict.append(column - count) }
            }
            for index in sum.indices { sum[index] += values[index] }
        }
        let weights = Array(sum[0..<count])
        let mass = weights.reduce(0, +)
        // A symmetric zero-sum game always has an equilibrium; should rounding hide it, fall
        // back to every policy.
        guard mass > 0, !support.isEmpty else { return everyPolicy(count) }
        return (support, strict, weights.map { $0 / mass })
    }

    private static func everyPolicy(_ count: Int) -> (support: [Int], strict: [Int], point: [Double]) {
        (Array(0..<count), [], [Double](repeating: 1 / Double(count), count: count))
    }
}

/// Stage 2: maximises `t H(p) + Sum_i log(-(a_i . p))` over the affine subspace through the
/// starting point, for growing `t`: the central path of the interior-point method, whose gap
/// to the maximum entropy is at most (number of strict conditions) / t.
struct EntropyBarrier {
    /// `a_i` restricted to the support, one per strict condition `a_i . p < 0`.
    let strictRows: [[Double]]
    /// Orthonormal directions of the subspace.
    let directions: [[Double]]

    /// The gap at which the path stops.
    static let gap = 1e-13

    func isStrictlyFeasible(_ point: [Double]) -> Bool {
        point.allSatisfy { $0 > 0 } && strictRows.allSatisfy { dotProduct($0, point) < 0 }
    }

    func maximise(from point: inout [Double]) {
        // Start where entropy and barrier pull about equally hard: a barrier that dominates
        // would first squeeze some weights towards 0, where Newton's method is slow to return.
        let entropyPull = point.map { log($0) + 1 }
        let barrierPull =
            strictRows.isEmpty
            ? []
            : (0..<point.count).map { index in
                strictRows.reduce(0) { $0 + $1[index] / dotProduct($1, point) }
            }
        var weight = max(1, norm(barrierPull) / max(norm(entropyPull), 1e-12))
        while true {
            newton(&point, weight: weight)
            if strictRows.isEmpty || Double(strictRows.count) / weight < Self.gap { return }
            weight *= 16
        }
    }

    private func norm(_ vector: [Double]) -> Double { dotProduct(vector, vector).squareRoot() }

    private func value(_ point: [Double], weight: Double) -> Double {
        var total = 0.0
        for p in point { total -= weight * p * log(p) }
        for row in strictRows { total += log(-dotProduct(row, point)) }
        return total
    }

    /// The objective's gradient at `point`, in the full coordinates.
    private func gradient(_ point: [Double], weight: Double) -> [Double] {
        var gradient = point.map { -weight * (log($0) + 1) }
        for row in strictRows {
            let slack = -dotProduct(row, point)
            for index in gradient.indices { gradient[index] -= row[index] / slack }
        }
        return gradient
    }

    /// Newton's method with a backtracking line search, in the coordinates of `directions`.
    ///
    /// Stops when the Newton decrement is negligible and no weight would still change by more
    /// than one part in 10^9: a weight near 0 has a tiny decrement but must still grow.
    private func newton(_ point: inout [Double], weight: Double) {
        let size = point.count
        for _ in 0..<500 {
            let gradient = gradient(point, weight: weight)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
            for index in 0..<size { hessian[index][index] = weight / point[index] }  // the negated Hessian
            for row in strictRows {
                let slack = -dotProduct(row, point)
                for i in 0..<size {
                    for j in 0..<size { hessian[i][j] += row[i] * row[j] / (slack * slack) }
                }
            }
            let reducedGradient = directions.map { dotProduct($0, gradient) }
            let reducedHessian = directions.map { left in
                let applied = (0..<size).map { i in dotProduct(hessian[i], left) }
                return directions.map { dotProduct($0, applied) }
            }
            guard let step = solvePositiveDefinite(reducedHessian, reducedGradient) else { return }
            var move = [Double](repeating: 0, count: size)
            for (coefficient, direction) in zip(step, directions) {
                for index in 0..<size { move[index] += coefficient * direction[index] }
            }
            let decrement = dotProduct(reducedGradient, step)
            let relativeMove = (0..<size).map { abs(move[$0]) / point[$0] }.max() ?? 0
            if decrement / 2 < 1e-15 && relativeMove < 1e-9 { return }
            // Along the line the objective is concave: where its slope is still positive, every
            // point before gained; the Armijo test also takes a full step that overshoots a bit.
            let current = value(point, weight: weight)
            var length = 1.0
            while length > 1e-16 {
                let candidate = (0..<size).map { point[$0] + length * move[$0] }
                if isStrictlyFeasible(candidate),
                    dotProduct(self.gradient(candidate, weight: weight), move) >= 0
                        || value(candidate, weight: weight) >= current + 0.25 * length * decrement
                {
                    point = candidate
                    break
                }
                length /= 2
            }
            if length <= 1e-16 { return }
        }
    }
}
