/// A small dense linear program `constraints x <= bounds`, `x >= 0`, with every bound at least
/// 0 so that `x = 0` is a starting vertex, solved by the simplex method.
///
/// Sized for a tournament's meta-game (a few dozen variables). Columns are the variables,
/// then one slack per constraint, so an objective may ask for a slack too. After one
/// objective is maximised, `maximise(_:excluding:)` can maximise another over the first one's
/// optimal face by excluding the columns whose reduced cost is negative: every feasible point
/// pays the optimum plus the sum of those costs times its values there, so the optimal face
/// is exactly where those columns are 0. Bland's rule picks the pivots, so degenerate programs
/// cannot cycle.
struct LinearProgram {
    /// One row per constraint: coefficients of the columns, then the right-hand side.
    private var tableau: [[Double]]
    /// The column basic in each row.
    private var basis: [Int]
    /// Number of variables (the columns before the slacks).
    let variableCount: Int

    /// Below this, a reduced cost or pivot entry counts as zero.
    static let tolerance = 1e-10

    init(constraints: [[Double]], bounds: [Double]) {
        let rows = constraints.count
        let variables = constraints.first?.count ?? 0
        precondition(bounds.count == rows && constraints.allSatisfy { $0.count == variables }, "constraint sizes")
        precondition(bounds.allSatisfy { $0 >= 0 }, "x = 0 must be feasible")
        variableCount = variables
        tableau = (0..<rows).map { row in
            var entries = constraints[row] + [Double](repeating: 0, count: rows + 1)
            entries[variables + row] = 1
            entries[variables + rows] = bounds[row]
            return entries
        }
        basis = (0..<rows).map { variables + $0 }
    }

    /// Number of columns: the variables and the slacks.
    var columnCount: Int { variableCount + tableau.count }

    /// The value of every column (variables, then slacks) at the current vertex.
    var values: [Double] {
        var values = [Double](repeating: 0, count: columnCount)
        for (row, column) in basis.enumerated() { values[column] = max(0, tableau[row][columnCount]) }
        return values
    }

    /// Maximises `objective` (one entry per column) over the vertices reachable without
    /// `excluded` columns.
    ///
    /// - Returns: the reduced costs at the optimum (all at most 0 where allowed), or nil when
    ///   the objective is unbounded or the pivot limit is hit.
    mutating func maximise(_ objective: [Double], excluding excluded: Set<Int> = []) -> [Double]? {
        precondition(objective.count == columnCount, "one objective entry per column")
        let rhs = columnCount
        // Reduced costs: what each column pays minus what the basis gives up for it.
        var costs = objective + [0]
        for (row, column) in basis.enumerated() where objective[column] != 0 {
            for index in costs.indices { costs[index] -= objective[column] * tableau[row][index] }
        }
        for _ in 0..<(50 * columnCount) {
            guard let entering = (0..<columnCount).first(where: { costs[$0] > Self.tolerance && !excluded.contains($0) }) else {
                return Array(costs[0..<columnCount])
            }
            // Ratio test; ties go to the smallest basic column (Bland). Rounding may leave a
            // zero right-hand side a hair below zero: it is zero.
            var leaving: Int?
            var bestRatio = Double.infinity
            for row in tableau.indices where tableau[row][entering] > Self.tolerance {
                let ratio = max(0, tableau[row][rhs]) / tableau[row][entering]
                if let best = leaving, abs(ratio - bestRatio) <= Self.tolerance * max(1, bestRatio) {
                    if basis[row] < basis[best] { leaving = row }
                } else if ratio < bestRatio {
                    leaving = row
                    bestRatio = ratio
                }
            }
            guard let pivotRow = leaving else { return nil }
            pivot(row: pivotRow, column: entering, costs: &costs)
        }
        return nil
    }

    private mutating func pivot(row: Int, column: Int, costs: inout [Double]) {
        let scale = tableau[row][column]
        for index in tableau[row].indices { tableau[row][index] /= scale }
        let pivotRow = tableau[row]
        for other in tableau.indices where other != row {
            let factor = tableau[other][column]
            if factor == 0 { continue }
            for index in pivotRow.indices { tableau[other][index] -= factor * pivotRow[index] }
        }
        let factor = costs[column]
        for index in costs.indices { costs[index] -= factor * pivotRow[index] }
        basis[row] = column
    }
}
