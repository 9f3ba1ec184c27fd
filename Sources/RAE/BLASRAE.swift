/// SPIRAL's estimator tile by tile over (episode, seat) entries, with the per-batch role
/// statistics as products with a one-hot role matrix.
///
/// Per tile of whole episodes (small enough to stay in cache, so nothing large is allocated
/// per call): check the tile while keying every turn by its entry (`episode * seatCount +
/// seat`, see ``CheckedTurnTile``), noting each entry's role (-1 for a seat that never
/// acted, unless ``PlayerRule/everySeat`` gives it its seat role: then it is a player whose
/// advantage reaches no turn); compute each player's advantage `R - b` once per entry, then spread it over the
/// player's turns through the keys, times `gamma^(n-1-i)`. Checking each tile just before
/// computing it reads the batch from memory once; the caller restores the baselines when a
/// later tile is refused.
///
/// Where BLAS is used and where not, as measured on a 2-core x86-64 virtual machine (docs/rae.md):
/// - Per-batch update: every game reads the baselines from before the batch, so a tile's
///   per-role sums of returns are `Hᵀ · R`, with `H` the tile's one-hot role matrix
///   (entries x slots). Each entry's baseline `H · b` and the counts `Hᵀ · 1` are gathered
///   and counted while `H` is built: as products they cost 5x more.
/// - Per-game update: each game reads what the previous game wrote, a chain of dependent
///   scalar steps on a table of a few floats (a few cycles per player). A product could batch
///   it only after sorting games into per-role sequences, which alone costs more than the
///   loop, so it stays a loop.
/// - Spreading an entry's advantage over its turns is a gather through the turn keys.
enum BLASRAE {
    /// - Throws: ``RAEError`` for the first bad tile; tiles before it have been written and
    ///   have moved the baselines.
    static func run(_ job: RAEJob, roleCount: Int, baselines: inout RoleBaselines) throws {
        // No final returns means no episodes (validated), so nothing to do.
        guard let finalReturns = job.batch.finalReturns.baseAddress else { return }
        var work = Workspace(
            job: job, finalReturns: finalReturns, roleCount: roleCount, slotCount: baselines.roleCount)
        let episodes = job.batch.episodes
        let tileSize = TileKeys.tileSize
        switch (job.configuration.baseline, job.configuration.update) {
        case (.none, _):
            try episodes.forEachTile(tileSize: tileSize) { episodeTile in
                try work.loadTile(episodeTile)
                work.advantage.pointer.update(from: work.tileReturns, count: work.tile.layout.entryCount)
                work.writeAdvantages()
            }
        case (_, .perGame):
            let decay = baselines.decay
            try baselines.withUnsafeMutableValues { values in
                guard let values = values.baseAddress else { return }
                try episodes.forEachTile(tileSize: tileSize) { episodeTile in
                    try work.loadTile(episodeTile)
                    work.readAndUpdatePerGameTile(values, decay: decay)
                    work.writeAdvantages()
                }
                work.finishPerGame(values, decay: decay)
            }
        case (_, .perBatch):
            let slotCount = baselines.roleCount
            var sums = [Double](repeating: 0, count: slotCount)
            var counts = [Double](repeating: 0, count: slotCount)
            try baselines.values.withUnsafeBufferPointer { before in
                guard let before = before.baseAddress else { return }
                try episodes.forEachTile(tileSize: tileSize) { episodeTile in
                    try work.loadTile(episodeTile)
                    if !work.readFixedPair(before, sums: &sums, counts: &counts) {
                        work.readPerBatch(before, sums: &sums, counts: &counts)
                    }
                    work.writeAdvantages()
                }
            }
            for slot in 0..<slotCount where counts[slot] > 0 {
                baselines.update(role: Int32(slot), meanReturn: Float(sums[slot] / counts[slot]))
            }
        }
    }

    /// Scratch for one run, reused by every tile.
    struct Workspace: ~Copyable {
        let job: RAEJob
        let finalReturns: UnsafePointer<Float>
        let roleCount: Int
        let slotCount: Int
        let powers: [Float]
        /// The current tile's keys and roles of entries.
        var tile = CheckedTurnTile()
        /// Per entry: the player's advantage `R - b`.
        var advantage = Scratch<Float>(capacity: 0)
        /// Per entry: the player's turns seen so far, walking backwards (discounting).
        var turnsAfter = Scratch<Int32>(capacity: 0)
        /// The tile's one-hot role matrix, stored transposed (slots x entries, one 1 in each
        /// player's column), so that `Hᵀ · R` is one long dot product per slot.
        var oneHot = Scratch<Float>(capacity: 0)
        /// Per slot: a tile's sum of returns.
        var tileSums: Scratch<Float>
        /// Per stripe and slot: a tile's count of players, striped by entry (see `readPerBatch`).
        var stripedCounts: Scratch<Int32>
        /// Per slot (per-game update): the last game that touched it, and the sum and count
        /// of that game's returns for it; that game's update is applied when the slot is next
        /// read (or at the end).
        var pendingGame: Scratch<Int>
        var pendingSum: Scratch<Float>
        var pendingCount: Scratch<Float>
        /// Per slot (per-game update, one player per role): the last game that read it.
        var lastReader: Scratch<Int>
        /// Per slot: the baselines from before the current tile, to redo it.
        var valuesBeforeTile: Scratch<Float>
        /// Whether some game so far had two players of one role; from then on every tile
        /// takes the general per-game path.
        var rolesRepeatInGames = false

        init(job: RAEJob, finalReturns: UnsafePointer<Float>, roleCount: Int, slotCount: Int) {
            self.job = job
            self.finalReturns = finalReturns
            self.roleCount = roleCount
            self.slotCount = slotCount
            powers = discountPowers(job.configuration.gamma, count: job.shape.episodeLengthBound)
            tileSums = Scratch<Float>(capacity: slotCount)
            stripedCounts = Scratch<Int32>(capacity: Self.countStripes &* slotCount)
            pendingGame = Scratch<Int>(capacity: slotCount)
            pendingSum = Scratch<Float>(capacity: slotCount)
            pendingCount = Scratch<Float>(capacity: slotCount)
            pendingGame.fill(-1, count: slotCount)
            pendingCount.fill(0, count: slotCount)
            lastReader = Scratch<Int>(capacity: slotCount)
            lastReader.fill(-1, count: slotCount)
            valuesBeforeTile = Scratch<Float>(capacity: slotCount)
        }

        /// The tile's slice of the final returns, indexed by entry.
        var tileReturns: UnsafePointer<Float> { finalReturns + tile.layout.firstEpisode &* job.batch.seatCount }

        /// Checks the tile, keys its turns by entry and notes each entry's role.
        mutating func loadTile(_ episodeTile: EpisodeTile) throws {
            try tile.load(
                episodeTile, of: job.batch, roleCount: roleCount,
                seatsWithoutTurnsArePlayers: job.configuration.seatsWithoutTurnsArePlayers)
            advantage.reserve(tile.layout.entryCount)
        }

        /// Per-batch update: every entry reads the baselines from before the batch; the
        /// tile's per-role sums of returns `Hᵀ · R` (a product with the tile's one-hot role
        /// matrix `H`) and its counts of players add to the batch's.
        ///
        /// The read `H · b` and the counts `Hᵀ · 1` are done in the loop that builds `H`: as
        /// products with a matrix of 2 to 4 columns they cost OpenBLAS about 16 instructions
        /// per entry, against 3 for the gather they amount to (callgrind, Kuhn-shaped batch).
        /// The counts go to `countStripes` tables by entry, so that one slot's count is not
        /// incremented by consecutive entries: a single table made every increment wait on
        /// the previous one's store, the loop's bottleneck.
        mutating func readPerBatch(_ before: UnsafePointer<Float>, sums: inout [Double], counts: inout [Double]) {
            let entries = tile.layout.entryCount
            oneHot.reserve(entries &* slotCount)
            oneHot.fill(0, count: entries &* slotCount)
            stripedCounts.fill(0, count: Self.countStripes &* slotCount)
            let matrix = oneHot.pointer
            let count = stripedCounts.pointer
            let role = tile.roleOfEntry.pointer
            let returns = tileReturns
            let result = advantage.pointer
            for entry in 0..<entries {
                let roleID = role[entry]
                guard roleID >= 0 else { continue }
                let slot = job.slot(of: roleID)
                matrix[slot &* entries &+ entry] = 1
                count[(entry & (Self.countStripes &- 1)) &* slotCount &+ slot] &+= 1
                result[entry] = returns[entry] - before[slot]
            }
            // Row-major slots x entries: sgemv's long-row kernel (a 2-column entries x slots
            // layout measured 8 instructions per entry in OpenBLAS's short-row one).
            BLAS.multiplyVector(
                m: slotCount, n: entries, a: matrix, lda: entries, x: returns, y: tileSums.pointer)
            // Tiles add up in Double: a batch has up to millions of returns.
            for slot in 0..<slotCount {
                sums[slot] += Double(tileSums.pointer[slot])
                for stripe in 0..<Self.countStripes {
                    counts[slot] += Double(count[stripe &* slotCount &+ slot])
                }
            }
        }

        /// Count tables of the per-batch update (a power of two).
        static let countStripes = 4

        /// Writes the tile's advantages: each turn's entry's `R - b`, times `gamma^(n-1-i)`.
        mutating func writeAdvantages() {
            let keys = tile.layout.keys.pointer
            let result = advantage.pointer
            let output = job.output + tile.layout.firstTurn
            let turns = tile.layout.turnCount
            if job.configuration.gamma == 1 {
                for turn in 0..<turns { output[turn] = result[Int(keys[turn])] }
                return
            }
            // Walking backwards, a player's turns seen so far are its turns after this one.
            turnsAfter.reserve(tile.layout.entryCount)
            turnsAfter.fill(0, count: tile.layout.entryCount)
            let after = turnsAfter.pointer
            powers.withUnsafeBufferPointer { powers in
                var turn = turns &- 1
                while turn >= 0 {
                    let entry = Int(keys[turn])
                    output[turn] = result[entry] * powers[Int(after[entry])]
                    after[entry] &+= 1
                    turn &-= 1
                }
            }
        }
    }
}
