/// Discounted sums along each player's turns as products with the triangular discount matrix.
///
/// Per tile of whole episodes, the turns are laid into zero-padded spans of floats. For a
/// span `x` holding one chain (one seat's turns in one episode) in order, `x · M` with
/// `M[k][t] = g^(k-t)` for `k >= t` (else 0) gives every position the discounted sum of the
/// chain from there on. Two layouts:
/// - ``CyclicEpisodes``: when seats take turns in cyclic order (every two-player game that
///   alternates), each episode is one span, copied as it lies, and the chains are its slots
///   `P` apart (`P` seats): `M[k][t] = g^((k-t)/P)` where `P` divides `k - t`.
/// - ``Chains``: any seat order; each (episode, seat) chain gets a span of its own.
///
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

    /// What is summed along the chains.
    enum SumKind {
        /// Rewards, discounted by gamma: returns.
        case returns
        /// TD errors `r_t + gamma * V_next - V_t`, discounted by gamma x lambda: GAE.
        case advantages(values: UnsafePointer<Float>, gamma: Float)
    }

    /// Checks each tile (``StepBatch/checkTile(_:needsValues:)``) just before computing it,
    /// while it is in cache.
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
            try steps.checkTile(tile, needsValues: lambda != nil)
            if tryCyclic {
                let longest = steps.episodes.longestEpisode(in: tile.episodes)
                if longest <= CyclicEpisodes.longestEpisode {
                    if cyclic.compute(tile, of: steps, sums: sums, longest: longest, matrix: &matrix, output: output) {
                        return
                    }
                    tryCyclic = false
                }
            }
            chains.compute(tile, of: steps, sums: sums, matrix: &matrix, output: output)
        }
    }

    /// How a tile's spans are laid into rows.
    struct RowLayout {
        /// Floats per span: the longest chain or episode, rounded up to whole rows when longer
        /// than one.
        let span: Int
        /// Floats per row of the product.
        let rowWidth: Int
        /// Spans rounded up so that short spans fill whole rows.
        let spanCount: Int

        var size: Int { spanCount &* span }
        var rows: Int { size / rowWidth }

        /// - Parameters:
        ///   - longestSpan: the most turns one span has to hold.
        ///   - spans: how many spans the tile has.
        init(longestSpan: Int, spans: Int) {
            if longestSpan <= rowLimit {
                span = longestSpan
                let spansPerRow = max(1, rowTarget / longestSpan)
                rowWidth = span &* spansPerRow
                spanCount = (spans &+ spansPerRow &- 1) / spansPerRow &* spansPerRow
            } else {
                span = (longestSpan &+ rowLimit &- 1) / rowLimit &* rowLimit
                rowWidth = rowLimit
                spanCount = spans
            }
        }
    }

    /// Multiplies padded spans by the block-diagonal discount matrix of their layout, which
    /// is rebuilt only when the layout changes from one tile to the next.
    struct DiscountMatrix {
        let discount: Float
        /// `g^k` for the carry between rows of long spans.
        private let carryPowers: [Float]
        private var span = 0
        private var rowWidth = 0
        private var period = 0
        private var matrix: [Float] = []

        init(discount: Float) {
            self.discount = discount
            carryPowers = discountPowers(discount, count: rowLimit &+ 1)
        }

        /// Replaces every slot of the spans with its discounted sum to the span's end, along
        /// the slots `period` apart (1 for chain spans, the seat count for cyclic episodes).
        /// - Precondition: `period` is 1 when spans are longer than a row.
        mutating func multiply(_ packed: UnsafeMutablePointer<Float>, layout: RowLayout, period: Int) {
            if layout.span != span || layout.rowWidth != rowWidth || period != self.period {
                span = layout.span
                rowWidth = layout.rowWidth
                self.period = period
                matrix = Self.blockDiagonal(discount, block: min(span, rowWidth), period: period, size: rowWidth)
            }
            matrix.withUnsafeBufferPointer { matrix in
                guard let matrix = matrix.baseAddress else { return }
                BLAS.multiplyByLowerTriangular(
                    m: layout.rows, n: layout.rowWidth, b: packed, ldb: layout.rowWidth, l: matrix, ldl: layout.rowWidth)
            }
            if layout.span > layout.rowWidth { carry(packed, layout: layout) }
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

        /// Links the rows of long spans: walking backwards, each row adds `g^(P-t)` times the
        /// first sum of the row after it.
        private func carry(_ sums: UnsafeMutablePointer<Float>, layout: RowLayout) {
            let width = layout.rowWidth
            let span = layout.span
            carryPowers.withUnsafeBufferPointer { powers in
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
}
