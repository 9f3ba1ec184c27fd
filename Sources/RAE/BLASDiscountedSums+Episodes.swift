extension BLASDiscountedSums {
    /// The fast layout, for tiles whose seats take turns in cyclic order: each turn's seat is
    /// the one after the previous turn's, `(s + 1) % P` with `P` seats, as in every two-player
    /// game that alternates (Kuhn, TicTacToe, Negotiation) and every one-seat episode.
    ///
    /// Then turn `j` of an episode is turn `j / P` of its seat's chain, whose next turn is
    /// `j + P`. Each episode becomes one span, copied from the batch as it lies, and the
    /// product with `M[k][t] = g^((k-t)/P)` (where `P` divides `k - t`) sums every chain of it
    /// at once. No keys, no scatter: an episode goes in and comes back with a few 4-float
    /// vector loads and stores (SSE2's width; Kuhn's episodes take one), the lanes past its
    /// end set to 0 on the way in, and the seat order is checked on the way. Callgrind
    /// counted about 24 instructions per turn of data movement for the general layout's keys,
    /// scatter and gather; Kuhn's returns fell from 59 to 32 instructions per turn.
    ///
    /// Vector stores run past an episode's span into the next episode's, which that episode
    /// then overwrites: episodes are copied in order and the tile's last spans are cleared
    /// after. Vector loads read past an episode's end, inside the batch's columns; the last
    /// few episodes of a batch, where a load would pass a column's end, go one turn at a time.
    struct CyclicEpisodes: ~Copyable {
        /// The longest episode laid out as one span: flops per turn grow with the span, and
        /// longer episodes cost less in the general layout, whose chains are `P` times shorter.
        static let longestEpisode = rowLimit
        /// Floats per vector load and store.
        static let width = 4
        private var packed = Scratch<Float>(capacity: 0)
        private let masks = LaneMasks()

        /// What became of a tile.
        enum Outcome {
            /// Its sums are in the output.
            case written
            /// Some turn's seat does not follow the previous turn's of its episode; nothing
            /// was written.
            case outOfOrder
            /// Some turn's seat id is out of range or its reward or value is not finite
            /// (``StepBatch/checkTile(_:needsValues:)`` names the first); nothing was written.
            case invalid
        }

        /// Writes the discounted sums of one tile's turns into `output` (batch-indexed), or
        /// writes nothing there when the tile is out of cyclic order or holds bad input.
        ///
        /// The tile is checked while it is laid out, which is when its columns come from
        /// memory: a separate pass over them first cost Kuhn's and TicTacToe's returns and GAE
        /// 10-25% of their time, most of it waiting on memory, on 1M transitions.
        /// - Parameter longest: the tile's longest episode, at most ``longestEpisode``.
        mutating func compute(
            _ tile: EpisodeTile, of steps: StepBatch, sums: SumKind, longest: Int,
            matrix: inout DiscountMatrix, output: UnsafeMutablePointer<Float>
        ) -> Outcome {
            guard longest > 0, let rewards = steps.rewards.baseAddress else { return .written }
            let layout = RowLayout(longestSpan: longest, spans: tile.episodes.count)
            // Floats each episode's vector stores cover, from its span's start.
            let reach = (longest &+ Self.width &- 1) / Self.width &* Self.width
            packed.reserve(layout.size &+ reach)
            let outcome: Outcome
            switch sums {
            case .returns:
                outcome = lay(tile, of: steps, layout: layout, reach: reach, terms: Rewards(rewards: rewards))
            case .advantages(let values, let gamma):
                let terms = TemporalDifferences(rewards: rewards, values: values, gamma: gamma, period: steps.seatCount)
                outcome = lay(tile, of: steps, layout: layout, reach: reach, terms: terms)
            }
            guard case .written = outcome else { return outcome }
            matrix.multiply(packed.pointer, layout: layout, period: steps.seatCount)
            copyBack(tile, of: steps, layout: layout, reach: reach, output: output)
            return .written
        }

        /// Copies the tile's episodes into their spans as `terms`, checking them; `.written`
        /// means laid out (not yet multiplied).
        private func lay<Terms: ChainTerms>(
            _ tile: EpisodeTile, of steps: StepBatch, layout: RowLayout, reach: Int, terms: Terms
        ) -> Outcome {
            guard let seats = steps.seats.baseAddress else { return .written }
            if steps.seatCount == 2 {
                return lay(tile, of: steps, layout: layout, reach: reach, terms: terms, seats: seats, order: TwoSeatOrder())
            }
            let order = CyclicSeatOrder(seatCount: steps.seatCount)
            return lay(tile, of: steps, layout: layout, reach: reach, terms: terms, seats: seats, order: order)
        }

        @inline(__always)
        private func lay<Terms: ChainTerms, Order: SeatOrder>(
            _ tile: EpisodeTile, of steps: StepBatch, layout: RowLayout, reach: Int, terms: Terms,
            seats: UnsafePointer<Int32>, order: Order
        ) -> Outcome {
            // Kuhn's episodes fit one vector: a constant chunk count lets the compiler drop the
            // chunk loop.
            reach == Self.width
                ? layEpisodes(tile, of: steps, layout: layout, chunks: 1, terms: terms, seats: seats, order: order)
                : layEpisodes(tile, of: steps, layout: layout, chunks: reach / Self.width, terms: terms, seats: seats, order: order)
        }

        /// Copies the episodes, `chunks` vectors each, and checks that every turn's seat id is
        /// in range and its inputs finite, and that every step from one turn to the next
        /// inside an episode follows the cyclic order.
        @inline(__always)
        private func layEpisodes<Terms: ChainTerms, Order: SeatOrder>(
            _ tile: EpisodeTile, of steps: StepBatch, layout: RowLayout, chunks: Int, terms: Terms,
            seats: UnsafePointer<Int32>, order: Order
        ) -> Outcome {
            let packed = self.packed.pointer
            let span = layout.span
            let reach = chunks &* Self.width
            // Episodes starting after this would load past a column's end: seats are read one
            // turn ahead, values `lookahead` turns ahead.
            let lastVectorStart = steps.turnCount &- reach &- max(terms.lookahead, 1)
            let lookahead = min(terms.lookahead, LaneMasks.longest)
            var missteps = SIMD4<Int32>()
            // Sign bits of bad seat ids and non-finite inputs.
            var invalid = SIMD4<Int32>()
            var inOrder = true
            var valid = true
            var slot = 0
            var start = tile.firstTurn
            steps.episodes.forEachLength(in: tile.episodes) { length in
                if start <= lastVectorStart {
                    // `masks.before(window &+ k)`: the lanes whose turn is k turns before the end.
                    var window = LaneMasks.longest &- length
                    var chunk = 0
                    repeat {
                        let turn = start &+ chunk
                        let inside = masks.before(window)
                        let laid = terms.vector(at: turn, inside: inside, nextInside: masks.before(window &+ lookahead))
                        UnsafeMutableRawPointer(packed + (slot &+ chunk)).storeBytes(of: laid, as: SIMD4<Int32>.self)
                        invalid |= (order.outOfRange(seats + turn) | terms.nonFinite(at: turn)) & inside
                        // Lane j: the step from turn j to turn j + 1, if that is in the episode.
                        missteps |= order.missteps(seats + turn) & masks.before(window &+ 1)
                        chunk &+= Self.width
                        window &+= Self.width
                    } while chunk < reach
                } else {
                    let checked = layOneByOne(
                        start: start, length: length, slot: slot, span: span, terms: terms, seats: seats, order: order)
                    inOrder = checked.inOrder && inOrder
                    valid = checked.valid && valid
                }
                slot &+= span
                start &+= length
            }
            guard valid, (invalid &>> 31) == SIMD4() else { return .invalid }
            guard inOrder, missteps == SIMD4() else { return .outOfOrder }
            // The spans that round the tile up to whole rows, and the last stores' overrun.
            (packed + slot).update(repeating: 0, count: layout.size &+ reach &- slot)
            return .written
        }

        /// One episode near the columns' ends, a turn at a time: whether its seats follow the
        /// cyclic order, and whether its seat ids and inputs are good.
        private func layOneByOne<Terms: ChainTerms, Order: SeatOrder>(
            start: Int, length: Int, slot: Int, span: Int, terms: Terms, seats: UnsafePointer<Int32>, order: Order
        ) -> (inOrder: Bool, valid: Bool) {
            let target = packed.pointer + slot
            for turnInEpisode in 0..<span {
                target[turnInEpisode] =
                    turnInEpisode < length
                    ? terms.scalar(at: start &+ turnInEpisode, turnInEpisode: turnInEpisode, length: length) : 0
            }
            let turns = start..<(start &+ length)
            let valid = turns.allSatisfy { order.isInRange(seats[$0]) && terms.isFinite(at: $0) }
            guard length > 1 else { return (true, valid) }
            return (((start &+ 1)..<(start &+ length)).allSatisfy { order.follows(seats[$0], seats[$0 &- 1]) }, valid)
        }

        /// Copies each episode's sums back to its turns, in order: a store's overrun into the
        /// next episode's turns is overwritten by that episode.
        private func copyBack(
            _ tile: EpisodeTile, of steps: StepBatch, layout: RowLayout, reach: Int, output: UnsafeMutablePointer<Float>
        ) {
            if reach == Self.width {
                copyBack(tile, of: steps, layout: layout, chunks: 1, output: output)
            } else {
                copyBack(tile, of: steps, layout: layout, chunks: reach / Self.width, output: output)
            }
        }

        @inline(__always)
        private func copyBack(
            _ tile: EpisodeTile, of steps: StepBatch, layout: RowLayout, chunks: Int, output: UnsafeMutablePointer<Float>
        ) {
            let packed = self.packed.pointer
            let reach = chunks &* Self.width
            let lastVectorStart = steps.turnCount &- reach
            var slot = 0
            var start = tile.firstTurn
            steps.episodes.forEachLength(in: tile.episodes) { length in
                if start <= lastVectorStart {
                    var chunk = 0
                    repeat {
                        let sums = UnsafeRawPointer(packed + (slot &+ chunk)).loadUnaligned(as: SIMD4<Float>.self)
                        UnsafeMutableRawPointer(output + (start &+ chunk)).storeBytes(of: sums, as: SIMD4<Float>.self)
                        chunk &+= Self.width
                    } while chunk < reach
                } else {
                    (output + start).update(from: packed + slot, count: length)
                }
                slot &+= layout.span
                start &+= length
            }
        }
    }

    /// Lane masks read from a sliding window instead of computed per lane: `before(k)` is all
    /// ones in the lanes `j` with `k + j < longest`, else 0. With `k = longest - length +
    /// position`, those are the lanes inside an episode, for any length up to `longest` and
    /// any position up to `longest` (looking ahead or not) without clamping.
    final class LaneMasks {
        /// The longest episode and the furthest look-ahead the window covers.
        static let longest = CyclicEpisodes.longestEpisode
        private let window: UnsafeMutablePointer<Int32>
        private let count = 3 &* longest &+ CyclicEpisodes.width

        init() {
            window = .allocate(capacity: count)
            window.initialize(repeating: 0, count: count)
            window.update(repeating: -1, count: Self.longest)
        }

        deinit { window.deallocate() }

        /// - Precondition: `0 <= k <= 3 * longest`.
        @inline(__always)
        func before(_ k: Int) -> SIMD4<Int32> {
            UnsafeRawPointer(window + k).loadUnaligned(as: SIMD4<Int32>.self)
        }
    }

    /// Whether each turn's seat follows the previous turn's in cyclic order,
    /// `next == (seat + 1) % P`.
    protocol SeatOrder {
        /// All ones in lane `j` when the seat of turn `j + 1` from `seats` does not follow
        /// turn `j`'s, else 0.
        func missteps(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32>

        /// Whether `next` follows `seat`.
        func follows(_ next: Int32, _ seat: Int32) -> Bool

        /// The sign bit set in lane `j` when the seat id of turn `j` from `seats` is out of range.
        func outOfRange(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32>

        /// Whether a seat id is in range.
        func isInRange(_ seat: Int32) -> Bool
    }

    /// Two seats, ids 0 and 1 (validated): a misstep stays on the same seat, `next ^ seat`
    /// is 0. The common case, and three vector operations.
    struct TwoSeatOrder: SeatOrder {
        @inline(__always)
        func missteps(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32> {
            let seat = UnsafeRawPointer(seats).loadUnaligned(as: SIMD4<Int32>.self)
            let next = UnsafeRawPointer(seats + 1).loadUnaligned(as: SIMD4<Int32>.self)
            // 0 or 1 xor 1: nonzero exactly for a misstep, which is all a check needs.
            return next ^ seat ^ SIMD4(repeating: 1)
        }

        @inline(__always)
        func follows(_ next: Int32, _ seat: Int32) -> Bool { next != seat }

        @inline(__always)
        func outOfRange(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32> {
            let seat = UnsafeRawPointer(seats).loadUnaligned(as: SIMD4<Int32>.self)
            // Negative below 0 or above 1.
            return seat | (SIMD4(repeating: 1) &- seat)
        }

        @inline(__always)
        func isInRange(_ seat: Int32) -> Bool { seat == 0 || seat == 1 }
    }

    /// Any seat count `P`: a step follows when it is 1, or `1 - P` at the wrap to seat 0.
    struct CyclicSeatOrder: SeatOrder {
        /// The step at the wrap from seat `P - 1` back to seat 0.
        let wrapStep: Int32

        init(seatCount: Int) { wrapStep = 1 &- Int32(truncatingIfNeeded: seatCount) }

        /// The highest seat id, `P - 1`.
        var lastSeat: Int32 { 0 &- wrapStep }

        @inline(__always)
        func outOfRange(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32> {
            let seat = UnsafeRawPointer(seats).loadUnaligned(as: SIMD4<Int32>.self)
            // Negative below 0 or above P - 1.
            return seat | (SIMD4(repeating: lastSeat) &- seat)
        }

        @inline(__always)
        func isInRange(_ seat: Int32) -> Bool { seat >= 0 && seat <= lastSeat }

        @inline(__always)
        func missteps(_ seats: UnsafePointer<Int32>) -> SIMD4<Int32> {
            let seat = UnsafeRawPointer(seats).loadUnaligned(as: SIMD4<Int32>.self)
            let next = UnsafeRawPointer(seats + 1).loadUnaligned(as: SIMD4<Int32>.self)
            let step = next &- seat
            // Nonzero in both `step - 1` and `step - wrapStep`: `x | -x` has the sign bit.
            let fromOne = step &- 1
            let fromWrap = step &- wrapStep
            return (fromOne | (SIMD4() &- fromOne)) & (fromWrap | (SIMD4() &- fromWrap)) &>> 31
        }

        @inline(__always)
        func follows(_ next: Int32, _ seat: Int32) -> Bool {
            let step = next &- seat
            return step == 1 || step == wrapStep
        }
    }
}
