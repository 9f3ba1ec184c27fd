/// Discounted sums along each player's turns as products with the triangular discount matrix.
///
/// Per tile of whole episodes, every (episode, seat) entry gets a zero-padded span of floats
/// holding its turns in order. For a span `x` of length `s`, `x · M` with `M[k][t] = g^(k-t)`
/// for `k >= t` (else 0) gives every position the discounted sum of the span from there on.
/// - Short spans (the longest chain in the tile is at most 32 turns, as in every game here)
///   are laid side by side, several to a row, and the rows multiplied in place by the
///   block-diagonal matrix `diag(M, ..., M)`: still lower-triangular, one `strmm` per tile.
///   Rows of about a dozen floats measured faster than rows of one short span.
/// - Longer spans are cut into rows of 32 and multiplied by `M` (32 x 32); walking backwards,
///   each row then adds `g^(32-t)` times the first sum of the row after it (the carry). This
///   keeps the flops per turn bounded whatever the episode length.
///
/// Returns use `g = gamma` on the rewards. GAE first turns rewards and values into TD errors
/// `delta_t = r_t + gamma * V_next - V_t` while laying them out (the value after a chain's
/// last turn is 0), then uses `g = gamma * lambda`.
enum BLASDiscountedSums {
    /// The longest row for long chains: they are cut into rows of this length and carried.
    static let rowLimit = 32
    /// About how many floats a row of short spans holds.
    static let rowTarget = 12

    /// Checks each tile (``StepBatch/checkTile(_:needsValues:)``) just before computing it,
    /// while it is in cache.
    /// - Throws: ``RAEError`` for the first bad tile; tiles before it have been written.
    static func run(
        _ steps: StepBatch, shape: BatchShape, gamma: Float, lambda: Float?,
        output: UnsafeMutablePointer<Float>
    ) throws {
        // No rewards means no turns (validated), so nothing to do.
        guard let allRewards = steps.rewards.baseAddress else { return }
        let discount = lambda.map { gamma * $0 } ?? gamma
        let carryPowers = discountPowers(discount, count: rowLimit + 1)
        var matrix = DiscountMatrix(discount: discount)
        var tile = TileKeys()
        var position = Scratch<Int32>(capacity: 0)
        var chainLength = Scratch<Int32>(capacity: 0)
        var packed = Scratch<Float>(capacity: 0)

        try steps.episodes.forEachTile(tileSize: TileKeys.tileSize) { episodeTile in
            try steps.checkTile(episodeTile, needsValues: lambda != nil)
            let firstTurn = episodeTile.firstTurn
            // While keying the turns: each turn's index i among its player's turns, and each
            // player's n.
            let tileEntries = episodeTile.episodes.count &* steps.seatCount
            chainLength.reserve(tileEntries)
            chainLength.fill(0, count: tileEntries)
            position.reserve(episodeTile.turnCount)
            let index = position.pointer
            let length = chainLength.pointer
            var longest: Int32 = 0
            tile.build(seats: steps.seats, bounds: steps.episodes, tile: episodeTile, seatCount: steps.seatCount)
            let keys = tile.keys.pointer
            for turn in 0..<episodeTile.turnCount {
                let entry = Int(keys[turn])
                let i = length[entry]
                index[turn] = i
                length[entry] = i &+ 1
                longest = max(longest, i &+ 1)
            }
            let turns = tile.turnCount
            guard turns > 0 else { return }

            let layout = RowLayout(longestChain: Int(longest), entries: tile.entryCount)
            // One spare slot at the end takes GAE's writes that belong to no turn.
            packed.reserve(layout.size &+ 1)
            packed.fill(0, count: layout.size &+ 1)
            if lambda != nil, let values = steps.values?.baseAddress {
                scatterTemporalDifferences(
                    rewards: allRewards + firstTurn, values: values + firstTurn, gamma: gamma,
                    into: packed.pointer, keys: keys, index: index, span: layout.span, turns: turns,
                    spareSlot: layout.size)
            } else {
                scatter(allRewards + firstTurn, into: packed.pointer, keys: keys, index: index, span: layout.span, turns: turns)
            }

            matrix.withMatrix(for: layout) { matrix in
                BLAS.multiplyByLowerTriangular(
                    m: layout.rows, n: layout.rowWidth, b: packed.pointer, ldb: layout.rowWidth,
                    l: matrix, ldl: layout.rowWidth)
            }
            if layout.span > layout.rowWidth {
                carry(packed.pointer, layout: layout, powers: carryPowers)
            }

            // The scatter left each turn's slot in `index`.
            let result = packed.pointer
            let out = output + firstTurn
            for turn in 0..<turns { out[turn] = result[Int(index[turn])] }
        }
    }

    /// How a tile's spans are laid into rows.
    struct RowLayout {
        /// Floats per entry: the longest chain, rounded up to whole rows when longer than one.
        let span: Int
        /// Floats per row of the product.
        let rowWidth: Int
        /// Entries rounded up so that short spans fill whole rows.
        let spanCount: Int

        var size: Int { spanCount &* span }
        var rows: Int { size / rowWidth }

        init(longestChain: Int, entries: Int) {
            if longestChain <= rowLimit {
                span = longestChain
                let spansPerRow = max(1, rowTarget / longestChain)
                rowWidth = span &* spansPerRow
                spanCount = (entries &+ spansPerRow &- 1) / spansPerRow &* spansPerRow
            } else {
                span = (longestChain &+ rowLimit &- 1) / rowLimit &* rowLimit
                rowWidth = rowLimit
                spanCount = entries
            }
        }
    }

    /// The block-diagonal discount matrix of the current row layout, rebuilt only when the
    /// layout changes from one tile to the next.
    struct DiscountMatrix {
        let discount: Float
        private var span = 0
        private var rowWidth = 0
        private var matrix: [Float] = []

        init(discount: Float) { self.discount = discount }

        /// Calls `body` with the `rowWidth x rowWidth` matrix `diag(M, ..., M)`, `M` being
        /// the span's (or, for long spans, the row's) discount matrix.
        mutating func withMatrix(for layout: RowLayout, _ body: (UnsafePointer<Float>) -> Void) {
            if layout.span != span || layout.rowWidth != rowWidth {
                span = layout.span
                rowWidth = layout.rowWidth
                matrix = Self.blockDiagonal(discount, block: min(span, rowWidth), size: rowWidth)
            }
            matrix.withUnsafeBufferPointer { matrix in
                guard let matrix = matrix.baseAddress else { return }
                body(matrix)
            }
        }

        /// `size x size`, row-major: blocks of `block` on the diagonal with
        /// `M[k][t] = g^(k-t)` for `k >= t` inside a block, 0 elsewhere.
        static func blockDiagonal(_ discount: Float, block: Int, size: Int) -> [Float] {
            let powers = discountPowers(discount, count: block)
            var matrix = [Float](repeating: 0, count: size * size)
            for k in 0..<size {
                let blockStart = k / block * block
                for t in blockStart...k { matrix[k * size + t] = powers[k - t] }
            }
            return matrix
        }
    }

    /// Copies a per-turn column into the padded spans: turn `i` of entry `k` goes to slot
    /// `k * span + i`, which replaces `i` in `index` for the gather back.
    private static func scatter(
        _ column: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>,
        keys: UnsafePointer<Int32>, index: UnsafeMutablePointer<Int32>, span: Int, turns: Int
    ) {
        let span = Int32(truncatingIfNeeded: span)
        for turn in 0..<turns {
            let slot = keys[turn] &* span &+ index[turn]
            index[turn] = slot
            packed[Int(slot)] = column[turn]
        }
    }

    /// Writes TD errors `delta_t = r_t + gamma * V_next - V_t` into the padded spans in one
    /// pass: turn `i` of a chain writes `r - V` at its own slot and adds `gamma * V` to the
    /// slot of turn `i - 1`, its predecessor, written earlier in the same pass. A chain's
    /// first turn has no predecessor and adds to the spare slot instead (no branch); a chain's
    /// last turn has no successor, so its `V_next` is 0 as it should be. Each turn's slot
    /// replaces its `i` in `index` for the gather back.
    private static func scatterTemporalDifferences(
        rewards: UnsafePointer<Float>, values: UnsafePointer<Float>, gamma: Float,
        into packed: UnsafeMutablePointer<Float>, keys: UnsafePointer<Int32>, index: UnsafeMutablePointer<Int32>,
        span: Int, turns: Int, spareSlot: Int
    ) {
        let span = Int32(truncatingIfNeeded: span)
        for turn in 0..<turns {
            let i = index[turn]
            let slot = keys[turn] &* span &+ i
            index[turn] = slot
            packed[Int(slot)] = rewards[turn] - values[turn]
            packed[i > 0 ? Int(slot) &- 1 : spareSlot] += gamma * values[turn]
        }
    }

    /// Links the rows of long spans: walking backwards, each row adds `g^(P-t)` times the
    /// first sum of the row after it.
    private static func carry(_ sums: UnsafeMutablePointer<Float>, layout: RowLayout, powers: [Float]) {
        let width = layout.rowWidth
        let span = layout.span
        powers.withUnsafeBufferPointer { powers in
            for entry in 0..<layout.spanCount {
                let first = sums + entry &* span
                var row = first + (span &- 2 &* width)
                while row >= first {
                    let next = row[width]
                    for t in 0..<width { row[t] += powers[width &- t] * next }
                    row -= width
                }
            }
        }
    }
}
