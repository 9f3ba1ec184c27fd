extension BLASDiscountedSums {
    /// The general layout: every (episode, seat) chain of a tile gets a zero-padded span.
    ///
    /// Works for any seat order. Turns are keyed by entry (``TileKeys``), numbered within
    /// their chain, scattered into the spans and gathered back after the product: about 24
    /// instructions per turn of data movement (callgrind), which is why tiles in cyclic seat
    /// order take ``CyclicEpisodes`` instead.
    struct Chains: ~Copyable {
        private var tile = TileKeys()
        private var position = Scratch<Int32>(capacity: 0)
        private var chainLength = Scratch<Int32>(capacity: 0)
        private var packed = Scratch<Float>(capacity: 0)

        /// Writes the discounted sums of one checked tile's turns into `output` (batch-indexed).
        mutating func compute(
            _ episodeTile: EpisodeTile, of steps: StepBatch, sums: SumKind,
            matrix: inout DiscountMatrix, output: UnsafeMutablePointer<Float>
        ) {
            guard let allRewards = steps.rewards.baseAddress else { return }
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

            let layout = RowLayout(longestSpan: Int(longest), spans: tile.entryCount)
            // One spare slot at the end takes GAE's writes that belong to no turn.
            packed.reserve(layout.size &+ 1)
            packed.fill(0, count: layout.size &+ 1)
            switch sums {
            case .returns:
                scatter(allRewards + firstTurn, into: packed.pointer, keys: keys, index: index, span: layout.span, turns: turns)
            case .advantages(let values, let gamma):
                scatterTemporalDifferences(
                    rewards: allRewards + firstTurn, values: values + firstTurn, gamma: gamma,
                    into: packed.pointer, keys: keys, index: index, span: layout.span, turns: turns,
                    spareSlot: layout.size)
            }

            matrix.multiply(packed.pointer, layout: layout, period: 1)

            // The scatter left each turn's slot in `index`.
            let result = packed.pointer
            let out = output + firstTurn
            for turn in 0..<turns { out[turn] = result[Int(index[turn])] }
        }

        /// Copies a per-turn column into the padded spans: turn `i` of entry `k` goes to slot
        /// `k * span + i`, which replaces `i` in `index` for the gather back.
        private func scatter(
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
        /// first turn has no predecessor and adds to the spare slot instead (no branch); a
        /// chain's last turn has no successor, so its `V_next` is 0 as it should be. Each turn's
        /// slot replaces its `i` in `index` for the gather back.
        private func scatterTemporalDifferences(
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
    }
}
