/// The points `p` with `row · p = value` for a set of linear equations, described by an
/// orthonormal basis of the equations' rows and one of the directions that keep them
/// (the null space), both from Gram-Schmidt.
///
/// Equations that repeat others (within `tolerance`) are dropped, so a game's redundant
/// equilibrium conditions do not make the system singular.
struct AffineSubspace {
    /// Orthonormal rows spanning the equations, with the value each must take.
    private(set) var normals: [(row: [Double], value: Double)] = []
    /// An orthonormal basis of the directions along which every equation holds.
    private(set) var directions: [[Double]] = []

    /// Relative size below which a row is taken as a combination of the earlier ones.
    static let tolerance = 1e-9

    init(dimension: Int, equations: [(row: [Double], value: Double)]) {
        for (row, value) in equations {
            var residual = row
            var remaining = value
            for normal in normals {
                let overlap = dotProduct(row, normal.row)
                for index in residual.indices { residual[index] -= overlap * normal.row[index] }
                remaining -= overlap * normal.value
            }
            let length = dotProduct(residual, residual).squareRoot()
            guard length > Self.tolerance * max(1, dotProduct(row, row).squareRoot()) else { continue }
            normals.append((residual.map { $0 / length }, remaining / length))
        }
        for axis in 0..<dimension {
            var direction = [Double](repeating: 0, count: dimension)
            direction[axis] = 1
            for basis in normals.map(\.row) + directions {
                let overlap = dotProduct(direction, basis)
                for index in direction.indices { direction[index] -= overlap * basis[index] }
            }
            let length = dotProduct(direction, direction).squareRoot()
            if length > Self.tolerance { directions.append(direction.map { $0 / length }) }
        }
    }

    /// The point of the subspace nearest `point`.
    func projection(of point: [Double]) -> [Double] {
        var projected = point
        for normal in normals {
            let excess = dotProduct(projected, normal.row) - normal.value
            for index in projected.indices { projected[index] -= excess * normal.row[index] }
        }
        return projected
    }
}

func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for index in a.indices { sum += a[index] * b[index] }
    return sum
}

/// Solves `matrix x = rhs` for a symmetric positive definite matrix by Cholesky
/// factorisation; nil when the matrix is not positive definite.
func solvePositiveDefinite(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
    let size = rhs.count
    var lower = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
    for row in 0..<size {
        for column in 0...row {
            var sum = matrix[row][column]
            for k in 0..<column { sum -= lower[row][k] * lower[column][k] }
            if row == column {
                guard sum > 0 else { return nil }
                lower[row][row] = sum.squareRoot()
            } else {
                lower[row][column] = sum / lower[column][column]
            }
        }
    }
    var forward = rhs
    for row in 0..<size {
        for k in 0..<row { forward[row] -= lower[row][k] * forward[k] }
        forward[row] /= lower[row][row]
    }
    var solution = forward
    for row in stride(from: size - 1, through: 0, by: -1) {
        for k in (row + 1)..<size { solution[row] -= lower[k][row] * solution[k] }
        solution[row] /= lower[row][row]
    }
    return solution
}
