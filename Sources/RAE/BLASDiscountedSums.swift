/// Discounted sums along each player's turns as products with the triangular discount matrix.
///
/// Per tile of whole episodes, the turns are laid out zero-padded. For a span `x` holding
/// one chain (one seat's turns in one episode) in order, `x · M` with `M[k][t] = g^(k-t)`
/// for `k >= t` (else 0) gives every position the discounted sum of the chain from there
/// on. Two layouts:
/// - ``CyclicEpisodes``: when seats take turns in cyclic order (every two-player game that
///   alternates) and episodes are at most 32 turns, each episode is one span, copied as it
///   lies, and the chains are its slots `P` apart (`P` seats): `M[k][t] = g^((k-t)/P)` where
///   `P` divides `k - t`. Short spans are laid side by side, several to a row, and the rows
///   multiplied in place by the block-diagonal `diag(M, ..., M)`: still lower-triangular,
///   one `strmm` per tile. Rows of about a dozen floats measured faster than rows of one span.
/// - ``Chains``: any seat order; each (episode, seat) chain gets a column of a
///   position-major matrix, multiplied from the left by `Mᵀ`. Chains longer than 32 turns
///   are cut into blocks of 32 positions, carried into each other after the product, so the
///   flops per turn stay bounded whatever the episode length.
///
/// Returns use `g = gamma` on the rewards. GAE first turns rewards and values into TD errors
/// `delta_t = r_t + gamma * V_next - V_t` while laying them out (the value after a chain's
/// last turn is 0), then uses `g = gamma * lambda`.
enum BLASDiscountedSums {
    /// The longest span: episodes in cyclic layout, blocks of long chains in the general one.
    static let rowLimit = 32
    /// About how many floats a row of short spans holds.
    static let rowTarget = 12

    /// What is summed along the chains.
    enum SumKind {
        /// Rewards, discounted by gamma: returns.
        case returns
        /// TD errors `r_t + gamma * V_next - V_t`, discounted by gamma x lambda: GAE.
        case advantages(values: UnsafePointer<Float>, gamma: Float)
    }

    /// Checks each tile while laying it out, which is when its columns come from memory; a
    /// tile that fails goes through ``StepBatch/checkTile(_:needsValues:)``, which names the
    /// bad turn (or finds a false alarm of the general layout's key writer, and the tile is
    /// computed after all).
    /// - Throws: ``RAEError`` for the first bad tile; tiles before it have been written.
    static func run(
        _ steps: StepBatch, shape: BatchShape, gamma: Float, lambda: Float?,
        output: UnsafeMutablePointer<Float>
    ) throws {
        // No rewards means no turns (validated), so nothing to do.
        guard steps.rewards.baseAddress != nil else { return }
        let sums: SumKind
        if lambda != nil {
            guard let values = steps.values?.baseAddress else { return }
            sums = .advantages(values: values, gamma: gamma)
        } else {
            sums = .returns
        }
        var matrix = DiscountMatrix(discount: lambda.map { gamma * $0 } ?? gamma)
        var chains = Chains()
        var cyclic = CyclicEpisodes()
        // Two-player games that alternate (Kuhn, TicTacToe, Negotiation) take their turns in
        // cyclic seat order. The first tile that does not shows the batch's game does not,
        // and the rest go straight to the general layout rather than lay out twice.
        var tryCyclic = true
        try steps.episodes.forEachTile(tileSize: TileKeys.tileSize) { tile in
            if tryCyclic {
                let longest = steps.episodes.longestEpisode(in: tile.episodes)
                if longest <= CyclicEpisodes.longestEpisode {
                    switch cyclic.compute(tile, of: steps, sums: sums, longest: longest, matrix: &matrix, output: output) {
                    case .written: return
                    case .outOfOrder: tryCyclic = false
                    case .invalid: break  // checkTile throws, naming the turn
                    }
                }
            }
            if chains.compute(tile, of: steps, sums: sums, checked: false, matrix: &matrix, output: output) { return }
            // Bad input (checkTile names it) or a false alarm (computed again, checked).
            try steps.checkTile(tile, needsValues: lambda != nil)
            _ = chains.compute(tile, of: steps, sums: sums, checked: true, matrix: &matrix, output: output)
        }
    }

    /// How ``CyclicEpisodes`` lays a tile's spans (episodes of at most ``rowLimit`` turns)
    /// into rows: several short spans side by side, so that rows hold about ``rowTarget``
    /// floats.
    struct RowLayout {
        /// Floats per span: the longest episode.
        let span: Int
        /// Floats per row of the product.
        let rowWidth: Int
        /// Spans rounded up so that short spans fill whole rows.
        let spanCount: Int

        var size: Int { spanCount &* span }
        var rows: Int { size / rowWidth }

        /// - Parameters:
        ///   - longestSpan: the most turns one span has to hold, at most ``rowLimit``.
        ///   - spans: how many spans the tile has.
        init(longestSpan: Int, spans: Int) {
            precondition(longestSpan <= rowLimit, "spans are at most \(rowLimit) floats")
            span = longestSpan
            let spansPerRow = max(1, rowTarget / longestSpan)
            rowWidth = span &* spansPerRow
            spanCount = (spans &+ spansPerRow &- 1) / spansPerRow &* spansPerRow
        }
    }

    /// Multiplies laid-out turns by the discount matrix of their layout, which is rebuilt
    /// only when the layout changes from one tile to the next.
    struct DiscountMatrix {
        let discount: Float
        /// `g^k` for the carry between blocks of long chains.
        private let carryPowers: [Float]
        private var block = 0
        private var size = 0
        private var period = 0
        private var matrix: [Float] = []

        init(discount: Float) {
            self.discount = discount
            carryPowers = discountPowers(discount, count: rowLimit &+ 1)
        }

        /// Replaces every slot of ``CyclicEpisodes``' spans with its discounted sum to the
        /// span's end, along the slots `period` apart (the seat count): `rows · diag(M, ..., M)`.
        mutating func multiply(_ packed: UnsafeMutablePointer<Float>, layout: RowLayout, period: Int) {
            withMatrix(block: layout.span, size: layout.rowWidth, period: period) { matrix in
                BLAS.multiplyByLowerTriangular(
                    .fromRight, m: layout.rows, n: layout.rowWidth, b: packed, ldb: layout.rowWidth, l: matrix,
                    ldl: layout.rowWidth)
            }
        }

        /// Replaces every slot of ``Chains``' layout with its chain's discounted sum from that
        /// position on: `Mᵀ · rows` sums down the columns; then, walking the blocks of long
        /// chains backwards, row `k` of a block adds `g^(rows-k)` times row 0 of the block after.
        mutating func multiply(_ packed: UnsafeMutablePointer<Float>, layout: ChainLayout) {
            withMatrix(block: layout.rows, size: layout.rows, period: 1) { matrix in
                BLAS.multiplyByLowerTriangular(
                    .transposedFromLeft, m: layout.rows, n: layout.rowWidth, b: packed, ldb: layout.rowWidth, l: matrix,
                    ldl: layout.rows)
            }
            guard layout.blocks > 1 else { return }
            let width = layout.rowWidth
            let chains = layout.chains
            carryPowers.withUnsafeBufferPointer { powers in
                for block in (0..<(layout.blocks &- 1)).reversed() {
                    let first = packed + block &* chains
                    let next = first + chains
                    for row in 0..<layout.rows {
                        let target = first + row &* width
                        let power = powers[layout.rows &- row]
                        for chain in 0..<chains { target[chain] += power * next[chain] }
                    }
                }
            }
        }

        private mutating func withMatrix(
            block: Int, size: Int, period: Int, _ body: (UnsafePointer<Float>) -> Void
        ) {
            if block != self.block || size != self.size || period != self.period {
                self.block = block
                self.size = size
                self.period = period
                matrix = Self.blockDiagonal(discount, block: block, period: period, size: size)
            }
            matrix.withUnsafeBufferPointer { matrix in
                guard let matrix = matrix.baseAddress else { return }
                body(matrix)
            }
        }

        /// `size x size`, row-major: blocks of `block` on the diagonal with
        /// `M[k][t] = g^((k-t)/period)` where `k >= t` and `period` divides `k - t` inside a
        /// block, 0 elsewhere.
        static func blockDiagonal(_ discount: Float, block: Int, period: Int, size: Int) -> [Float] {
            let powers = discountPowers(discount, count: block)
            var matrix = [Float](repeating: 0, count: size * size)
            for k in 0..<size {
                let blockStart = k / block * block
                for t in stride(from: k, through: blockStart, by: -period) { matrix[k * size + t] = powers[(k - t) / period] }
            }
            return matrix
        }
    }
}
