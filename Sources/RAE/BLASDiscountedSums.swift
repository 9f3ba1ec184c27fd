/// Discounted sums along chains as products with the triangular discount matrix.
///
/// Per tile of whole episodes: each chain (one seat's turns in one episode) is laid out in
/// rows of `P` floats, zero-padded, `P = min(segmentLength, longest chain in the tile)`. For
/// a row `x`, `x · M` with `M[k][t] = g^(k-t)` for `k >= t` (else 0) gives every position
/// the discounted sum of the row from there on; one `sgemm` does all rows of the tile. A chain
/// longer than `P` spans several rows; each row then adds `g^(P-t)` times the first sum of the
/// row after it, walking backwards (the carry).
///
/// Returns use `g = gamma` on the rewards. GAE first turns rewards and values into TD errors
/// `delta_t = r_t + gamma * V_next - V_t` in the padded layout, then uses `g = gamma * lambda`.
enum BLASDiscountedSums {
    /// Turns per tile: the padded blocks of a tile stay in the L2 cache.
    static let turnsPerTile = 8192
    /// The longest row: longer chains are cut into rows of this length and carried, so the
    /// flops per turn stay bounded (2 x segmentLength) whatever the episode length.
    static let segmentLength = 32

    static func run(
        _ steps: StepBatch, shape: BatchShape, gamma: Float, lambda: Float?,
        output: UnsafeMutablePointer<Float>
    ) {
        let discount = lambda.map { gamma * $0 } ?? gamma
        let matrix = discountMatrix(discount, size: segmentLength)
        let carryPowers = discountPowers(discount, count: segmentLength + 1)
        var tile = ChainTile(seatCount: steps.seatCount)
        var chainBase = Scratch<Int32>(capacity: 0)
        var packed = Scratch<Float>(capacity: 0)
        var packedValues = Scratch<Float>(capacity: 0)
        var sums = Scratch<Float>(capacity: 0)

        steps.episodes.forEachTile(turnsPerTile: turnsPerTile) { episodes, firstTurn in
            tile.build(seats: steps.seats, bounds: steps.episodes, episodes: episodes, firstTurn: firstTurn)
            let width = min(segmentLength, tile.maxChainLength)
            guard width > 0 else { return }
            let chains = tile.chainCount
            let length = tile.chainLength.pointer

            // Each chain starts a new row and takes whole rows, so its turns are contiguous.
            chainBase.reserve(chains)
            let base = chainBase.pointer
            var rows = 0
            for chain in 0..<chains {
                base[chain] = Int32(truncatingIfNeeded: rows &* width)
                rows &+= (Int(length[chain]) &+ width &- 1) / width
            }
            let size = rows &* width
            packed.reserve(size)
            sums.reserve(size)
            packed.fill(0, count: size)
            scatter(steps.rewards, into: packed.pointer, tile: tile, chainBase: base)
            if lambda != nil, let values = steps.values {
                packedValues.reserve(size)
                packedValues.fill(0, count: size)
                scatter(values, into: packedValues.pointer, tile: tile, chainBase: base)
                temporalDifferences(
                    rewards: packed.pointer, values: packedValues.pointer, gamma: gamma,
                    chains: chains, chainBase: base, chainLength: length)
            }

            matrix.withUnsafeBufferPointer { matrix in
                guard let matrix = matrix.baseAddress else { return }
                BLAS.multiply(
                    m: rows, n: width, k: width, a: packed.pointer, lda: width,
                    b: matrix, ldb: segmentLength, c: sums.pointer, ldc: width)
            }
            if tile.maxChainLength > width {
                carry(sums.pointer, width: width, powers: carryPowers, chains: chains, chainBase: base, chainLength: length)
            }

            let chainOfTurn = tile.chainOfTurn.pointer
            let position = tile.positionInChain.pointer
            let result = sums.pointer
            let out = output + tile.firstTurn
            for turn in 0..<tile.turnCount {
                out[turn] = result[Int(base[Int(chainOfTurn[turn])] &+ position[turn])]
            }
        }
    }

    /// `M[k][t] = g^(k-t)` for `k >= t`, else 0, row-major `size x size`.
    static func discountMatrix(_ discount: Float, size: Int) -> [Float] {
        let powers = discountPowers(discount, count: size)
        var matrix = [Float](repeating: 0, count: size * size)
        for k in 0..<size {
            for t in 0...k { matrix[k * size + t] = powers[k - t] }
        }
        return matrix
    }

    /// Copies a per-turn column into the tile's padded chain layout.
    private static func scatter(
        _ column: UnsafeBufferPointer<Float>, into packed: UnsafeMutablePointer<Float>,
        tile: borrowing ChainTile, chainBase: UnsafePointer<Int32>
    ) {
        let chainOfTurn = tile.chainOfTurn.pointer
        let position = tile.positionInChain.pointer
        guard let source = column.baseAddress.map({ $0 + tile.firstTurn }) else { return }
        for turn in 0..<tile.turnCount {
            packed[Int(chainBase[Int(chainOfTurn[turn])] &+ position[turn])] = source[turn]
        }
    }

    /// Replaces packed rewards by TD errors `r_t + gamma * V_next - V_t`, chain by chain; the
    /// value after a chain's last turn is 0, and padding stays 0.
    private static func temporalDifferences(
        rewards: UnsafeMutablePointer<Float>, values: UnsafePointer<Float>, gamma: Float,
        chains: Int, chainBase: UnsafePointer<Int32>, chainLength: UnsafePointer<Int32>
    ) {
        for chain in 0..<chains {
            let reward = rewards + Int(chainBase[chain])
            let value = values + Int(chainBase[chain])
            let last = Int(chainLength[chain]) &- 1
            for k in 0..<last { reward[k] = reward[k] + gamma * value[k &+ 1] - value[k] }
            reward[last] = reward[last] - value[last]
        }
    }

    /// Links the rows of chains longer than one row: walking backwards, each row adds
    /// `g^(P-t)` times the first sum of the row after it.
    private static func carry(
        _ sums: UnsafeMutablePointer<Float>, width: Int, powers: [Float], chains: Int,
        chainBase: UnsafePointer<Int32>, chainLength: UnsafePointer<Int32>
    ) {
        powers.withUnsafeBufferPointer { powers in
            for chain in 0..<chains where Int(chainLength[chain]) > width {
                let rowCount = (Int(chainLength[chain]) &+ width &- 1) / width
                var row = rowCount &- 2
                while row >= 0 {
                    let current = sums + (Int(chainBase[chain]) &+ row &* width)
                    let next = current[width]
                    for t in 0..<width { current[t] += powers[width &- t] * next }
                    row &-= 1
                }
            }
        }
    }
}
