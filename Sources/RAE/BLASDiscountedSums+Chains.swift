extension BLASDiscountedSums {
    /// The general layout: every (episode, seat) chain of a tile gets a zero-padded column.
    ///
    /// Works for any seat order. Turns are keyed by entry (``TileKeys``), numbered within
    /// their chain, scattered into the columns and gathered back after the product, which
    /// is why tiles in cyclic seat order take ``CyclicEpisodes`` instead. The tile's inputs
    /// are checked on the way (seat ids by the key writer, rewards and values once laid out).
    ///
    /// The layout is position-major (``ChainLayout``): position `i` of every chain shares a
    /// row, so one product from the left sums all chains at once, a row of padding costs one
    /// float per chain rather than one per chain *and* per row of spans, and GAE's TD errors
    /// come from two aligned rows. Against the chain-major layout it replaced (rows of
    /// spans, multiplied from the right), `strmm` alone ran 1.2-2.3x faster per slot on these
    /// shapes, and the Werewolf profile's returns and GAE took 22% and 14% less CPU time
    /// (interleaved runs of both builds).
    struct Chains: ~Copyable {
        private var tile = TileKeys()
        /// Per turn of the tile: its slot in the layout.
        private var slots = Scratch<Int32>(capacity: 0)
        private var chainLength = Scratch<Int32>(capacity: 0)
        private var packed = Scratch<Float>(capacity: 0)
        /// GAE's values, laid out like `packed`.
        private var packedValues = Scratch<Float>(capacity: 0)

        /// Writes the discounted sums of one tile's turns into `output` (batch-indexed), or
        /// returns `false` having written nothing there when some seat id read may be out of
        /// range or some reward or value is not finite.
        ///
        /// The tile is checked while it is keyed and laid out, which is when its columns come
        /// from memory. A `false` may be a false alarm (the key writer reads a few seat ids of
        /// the next tile): the caller checks the tile itself and calls again with `checked`.
        mutating func compute(
            _ episodeTile: EpisodeTile, of steps: StepBatch, sums: SumKind, checked: Bool,
            matrix: inout DiscountMatrix, output: UnsafeMutablePointer<Float>
        ) -> Bool {
            guard let allRewards = steps.rewards.baseAddress else { return true }
            let firstTurn = episodeTile.firstTurn
            let seatsInRange = tile.build(seats: steps.seats, bounds: steps.episodes, tile: episodeTile, seatCount: steps.seatCount)
            // Keys index tables from here on.
            guard seatsInRange || checked else { return false }
            let turns = tile.turnCount
            guard turns > 0 else { return true }
            let layout = numberTurns()
            let slots = self.slots.pointer
            packed.reserve(layout.size)
            packed.fill(0, count: layout.size)
            switch sums {
            case .returns:
                let packed = self.packed.pointer
                let rewards = allRewards + firstTurn
                for turn in 0..<turns { packed[Int(slots[turn])] = rewards[turn] }
            case .advantages(let values, let gamma):
                packedValues.reserve(layout.size)
                packedValues.fill(0, count: layout.size)
                scatterValues(rewards: allRewards + firstTurn, values: values + firstTurn, turns: turns)
                addNextValues(gamma: gamma, layout: layout)
            }
            // Checked while in cache: a non-finite reward or value leaves a non-finite term in
            // its own turn's slot (`r - V`, then `+ gamma V_next` for GAE: adding to a NaN or
            // an infinity never gives a finite number), so the terms alone tell; padding is 0.
            if !checked {
                guard allFinite(packed.pointer, layout.size) else { return false }
            }

            matrix.multiply(packed.pointer, layout: layout)

            let result = packed.pointer
            let out = output + firstTurn
            for turn in 0..<turns { out[turn] = result[Int(slots[turn])] }
            return true
        }

        /// Whether `count` floats from `values` are all finite (read while in cache).
        private func allFinite(_ values: UnsafePointer<Float>, _ count: Int) -> Bool {
            Validate.firstNonFinite(UnsafeBufferPointer(start: values, count: count)) == nil
        }

        /// Numbers each turn of the tile within its chain (SPIRAL's index `i` among a player's
        /// `n` turns) and writes its slot in the returned layout to `slots`.
        ///
        /// Slots are written for one block, `i * chains + entry`, in the same pass that counts
        /// the chains' lengths: the layout is not known before, but a block's row width is the
        /// chain count. Tiles with a chain longer than a block are numbered again.
        private mutating func numberTurns() -> ChainLayout {
            let entries = tile.entryCount
            let turns = tile.turnCount
            chainLength.reserve(entries)
            chainLength.fill(0, count: entries)
            slots.reserve(turns)
            let keys = tile.keys.pointer
            let length = chainLength.pointer
            let slots = self.slots.pointer
            let columns = Int32(truncatingIfNeeded: entries)
            for turn in 0..<turns {
                let entry = keys[turn]
                let i = length[Int(entry)]
                length[Int(entry)] = i &+ 1
                slots[turn] = i &* columns &+ entry
            }
            var longest: Int32 = 0
            for entry in 0..<entries { longest = max(longest, length[entry]) }
            let layout = ChainLayout(longestChain: Int(longest), chains: entries)
            if layout.blocks > 1 {
                chainLength.fill(0, count: entries)
                for turn in 0..<turns {
                    let entry = keys[turn]
                    let i = length[Int(entry)]
                    length[Int(entry)] = i &+ 1
                    slots[turn] = layout.slot(position: i, chain: entry)
                }
            }
            return layout
        }

        /// Lays out `r_t - V_t` in `packed` and `V_t` in `packedValues`.
        private func scatterValues(rewards: UnsafePointer<Float>, values: UnsafePointer<Float>, turns: Int) {
            let slots = self.slots.pointer
            let packed = self.packed.pointer
            let packedValues = self.packedValues.pointer
            for turn in 0..<turns {
                let slot = Int(slots[turn])
                packed[slot] = rewards[turn] - values[turn]
                packedValues[slot] = values[turn]
            }
        }

        /// Completes the TD errors `delta_t = r_t + gamma * V_next - V_t`: every position adds
        /// `gamma` times the value at the next position of its chain, one row down, or row 0
        /// of the next block from a block's last row. Past a chain's end the values are 0.
        private func addNextValues(gamma: Float, layout: ChainLayout) {
            let packed = self.packed.pointer
            let values = self.packedValues.pointer
            let width = layout.rowWidth
            for row in 0..<(layout.rows &- 1) {
                let target = packed + row &* width
                let next = values + (row &+ 1) &* width
                for column in 0..<width { target[column] += gamma * next[column] }
            }
            // A block's last row reads row 0 of the block after it, `chains` columns on.
            let lastRow = packed + (layout.rows &- 1) &* width
            let nextBlock = values + layout.chains
            for column in 0..<(width &- layout.chains) { lastRow[column] += gamma * nextBlock[column] }
        }
    }

    /// How a tile's chains are laid out for ``Chains``: position-major, in blocks of at most
    /// ``rowLimit`` positions.
    ///
    /// Position `i` of chain `k` is row `i % rows` and column `(i / rows) * chains + k` of a
    /// `rows x rowWidth` row-major matrix. Chains of up to ``rowLimit`` turns take one block:
    /// row `i`, column `k`. Longer chains are cut into blocks of ``rowLimit`` positions, side
    /// by side, so that one product still sums every block and the flops per turn stay
    /// bounded whatever the episode length; the blocks are then linked by a carry.
    struct ChainLayout {
        /// Chains in the tile: columns per block.
        let chains: Int
        /// Positions per block: the longest chain, or ``rowLimit`` when it is longer.
        let rows: Int
        /// Blocks side by side.
        let blocks: Int
        /// `i % rows` is `i & rowMask` and `i / rows` is `i >> blockShift`: with one block, all
        /// ones and 31 (a position is below 2^31), so that one formula serves both (though
        /// `Chains` writes one-block slots while counting, and calls `slot` for long chains).
        private let rowMask: Int32
        private let blockShift: Int32

        var rowWidth: Int { chains &* blocks }
        var size: Int { rows &* rowWidth }

        init(longestChain: Int, chains: Int) {
            self.chains = chains
            if longestChain <= rowLimit {
                rows = longestChain
                blocks = 1
                rowMask = -1
                blockShift = 31
            } else {
                rows = rowLimit
                blocks = (longestChain &+ rowLimit &- 1) / rowLimit
                rowMask = Int32(rowLimit &- 1)
                blockShift = Int32(rowLimit.trailingZeroBitCount)
            }
        }

        /// The slot of position `i` of chain `chain`.
        @inline(__always)
        func slot(position i: Int32, chain: Int32) -> Int32 {
            let width = Int32(truncatingIfNeeded: rowWidth)
            let columns = Int32(truncatingIfNeeded: chains)
            return (i & rowMask) &* width &+ (i &>> blockShift) &* columns &+ chain
        }
    }
}
