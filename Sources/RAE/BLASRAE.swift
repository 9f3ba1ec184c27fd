/// SPIRAL's estimator over tiles of chains, with the per-batch role statistics as products
/// with a one-hot role matrix.
///
/// Per tile: group turns into chains (one player's turns in one game), look up each chain's
/// final return and role slot, find its baseline, and spread `R - b` back over its turns with
/// the discount `gamma^(n-1-i)`.
///
/// Where BLAS is used and where not, measured on this 2-core machine:
/// - Per-batch update: the sums and counts of returns per role are one product
///   `Hᵀ · [R, 1]` with the tile's one-hot role matrix `H` (chains x slots), and each chain's
///   baseline is `H · b`.
/// - Per-game update: every game reads the baseline the previous game left, a chain of
///   dependent scalar steps over a table of a few floats. No product can batch it without
///   first sorting games by role, which costs more than the loop itself, so it stays a loop.
/// - Spreading a chain's advantage over its turns is a gather with a table of powers; a
///   product would multiply by a matrix that is almost all zeros.
enum BLASRAE {
    /// Turns per tile: small enough that a tile's layout, one-hot matrix and returns stay in
    /// the 512 KiB L2 cache, large enough that per-tile overhead is negligible.
    static let turnsPerTile = 8192

    static func run(_ job: RAEJob, baselines: inout RoleBaselines) {
        var work = Workspace(job: job, slotCount: baselines.roleCount)
        let batch = job.batch
        switch (job.configuration.baseline, job.configuration.update) {
        case (.none, _):
            batch.episodes.forEachTile(turnsPerTile: turnsPerTile) { episodes, firstTurn in
                work.loadTile(episodes: episodes, firstTurn: firstTurn)
                work.chainBaseline.fill(0, count: work.tile.chainCount)
                work.writeAdvantages()
            }
        case (_, .perGame):
            let decay = baselines.decay
            baselines.withUnsafeMutableValues { values in
                batch.episodes.forEachTile(turnsPerTile: turnsPerTile) { episodes, firstTurn in
                    work.loadTile(episodes: episodes, firstTurn: firstTurn)
                    work.readAndUpdatePerGame(values, decay: decay)
                    work.writeAdvantages()
                }
            }
        case (_, .perBatch):
            let slotCount = baselines.roleCount
            var sums = [Double](repeating: 0, count: slotCount)
            var counts = [Double](repeating: 0, count: slotCount)
            batch.episodes.forEachTile(turnsPerTile: turnsPerTile) { episodes, firstTurn in
                work.loadTile(episodes: episodes, firstTurn: firstTurn)
                work.buildOneHot()
                work.accumulateRoleSums(sums: &sums, counts: &counts)
            }
            let before = baselines.values
            before.withUnsafeBufferPointer { before in
                batch.episodes.forEachTile(turnsPerTile: turnsPerTile) { episodes, firstTurn in
                    work.loadTile(episodes: episodes, firstTurn: firstTurn)
                    work.buildOneHot()
                    work.spreadBaselines(before)
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
        let slotCount: Int
        let powers: [Float]
        var tile: ChainTile
        /// Per chain: the player's final return.
        var chainReturn = Scratch<Float>(capacity: 0)
        /// Per chain: the baseline slot of the player's role.
        var chainSlot = Scratch<Int32>(capacity: 0)
        /// Per chain: the baseline the player reads.
        var chainBaseline = Scratch<Float>(capacity: 0)
        /// Per chain: `[R, 1]`, the right-hand side of the role sums.
        var returnAndOne = Scratch<Float>(capacity: 0)
        /// Chains x slots, one 1 per row: the tile's one-hot role matrix.
        var oneHot = Scratch<Float>(capacity: 0)
        /// Slots x 2: a tile's sums and counts of returns per role.
        var tileSums: Scratch<Float>

        init(job: RAEJob, slotCount: Int) {
            self.job = job
            self.slotCount = slotCount
            powers = discountPowers(job.configuration.gamma, count: job.shape.maxEpisodeLength)
            tile = ChainTile(seatCount: job.batch.seatCount)
            tileSums = Scratch<Float>(capacity: slotCount * 2)
        }

        /// Builds the tile's chains and looks up each chain's return and role slot.
        mutating func loadTile(episodes: Range<Int>, firstTurn: Int) {
            let batch = job.batch
            tile.build(seats: batch.seats, bounds: batch.episodes, episodes: episodes, firstTurn: firstTurn)
            let chains = tile.chainCount
            chainReturn.reserve(chains)
            chainSlot.reserve(chains)
            chainBaseline.reserve(chains)
            let seatCount = batch.seatCount
            let seat = tile.chainSeat.pointer
            let episode = tile.chainEpisode.pointer
            let firstTurnOfChain = tile.chainFirstTurn.pointer
            let finalReturn = chainReturn.pointer
            let slot = chainSlot.pointer
            for chain in 0..<chains {
                finalReturn[chain] = batch.finalReturns[Int(episode[chain]) &* seatCount &+ Int(seat[chain])]
                slot[chain] = Int32(truncatingIfNeeded: job.slot(of: batch.roles[Int(firstTurnOfChain[chain])]))
            }
        }

        /// Per-game update: each game reads its roles' baselines, then moves them once per
        /// role with the mean return of that role's players in the game.
        mutating func readAndUpdatePerGame(_ values: UnsafeMutableBufferPointer<Float>, decay: Float) {
            let firstChain = tile.episodeFirstChain.pointer
            let slot = chainSlot.pointer
            let finalReturn = chainReturn.pointer
            let baseline = chainBaseline.pointer
            var episode = 0
            var chain = 0
            while chain < tile.chainCount {
                let end = Int(firstChain[episode &+ 1])
                while chain < end {
                    defer { chain &+= 1 }
                    let role = slot[chain]
                    // A role seen earlier in this game has been read and updated already.
                    let gameStart = Int(firstChain[episode])
                    if let earlier = (gameStart..<chain).first(where: { slot[$0] == role }) {
                        baseline[chain] = baseline[earlier]
                        continue
                    }
                    var sum = finalReturn[chain]
                    var players: Float = 1
                    for other in (chain &+ 1)..<end where slot[other] == role {
                        sum += finalReturn[other]
                        players += 1
                    }
                    let index = Int(role)
                    baseline[chain] = values[index]
                    values[index] = RoleBaselines.step(values[index], towards: sum / players, decay: decay)
                }
                episode &+= 1
            }
        }

        /// Fills the tile's one-hot role matrix: row `chain` has a 1 in column `slot`.
        mutating func buildOneHot() {
            let chains = tile.chainCount
            oneHot.reserve(chains &* slotCount)
            oneHot.fill(0, count: chains &* slotCount)
            let matrix = oneHot.pointer
            let slot = chainSlot.pointer
            for chain in 0..<chains { matrix[chain &* slotCount &+ Int(slot[chain])] = 1 }
        }

        /// Adds the tile's per-role sums and counts of returns: `Hᵀ · [R, 1]`.
        mutating func accumulateRoleSums(sums: inout [Double], counts: inout [Double]) {
            let chains = tile.chainCount
            returnAndOne.reserve(chains &* 2)
            let rhs = returnAndOne.pointer
            let finalReturn = chainReturn.pointer
            for chain in 0..<chains {
                rhs[chain &* 2] = finalReturn[chain]
                rhs[chain &* 2 &+ 1] = 1
            }
            BLAS.multiplyTransposed(
                m: slotCount, n: 2, k: chains, a: oneHot.pointer, lda: slotCount,
                b: rhs, ldb: 2, c: tileSums.pointer, ldc: 2)
            // Tiles add up in Double: a batch has up to millions of returns.
            for slot in 0..<slotCount {
                sums[slot] += Double(tileSums.pointer[slot &* 2])
                counts[slot] += Double(tileSums.pointer[slot &* 2 &+ 1])
            }
        }

        /// Gives every chain the baseline of its role: `H · b`.
        mutating func spreadBaselines(_ before: UnsafeBufferPointer<Float>) {
            guard let baselines = before.baseAddress else { return }
            BLAS.multiplyVector(
                m: tile.chainCount, n: slotCount, a: oneHot.pointer, lda: slotCount,
                x: baselines, y: chainBaseline.pointer)
        }

        /// Writes `(R - b) * gamma^(n-1-i)` for every turn of the tile.
        mutating func writeAdvantages() {
            let chains = tile.chainCount
            let advantage = chainBaseline.pointer
            let finalReturn = chainReturn.pointer
            // Turn the baselines into advantages in place: one subtraction per chain.
            for chain in 0..<chains { advantage[chain] = finalReturn[chain] - advantage[chain] }
            let chainOfTurn = tile.chainOfTurn.pointer
            let position = tile.positionInChain.pointer
            let length = tile.chainLength.pointer
            let output = job.output + tile.firstTurn
            if job.configuration.gamma == 1 {
                for turn in 0..<tile.turnCount { output[turn] = advantage[Int(chainOfTurn[turn])] }
                return
            }
            powers.withUnsafeBufferPointer { powers in
                for turn in 0..<tile.turnCount {
                    let chain = Int(chainOfTurn[turn])
                    let turnsAfter = Int(length[chain] &- 1 &- position[turn])
                    output[turn] = advantage[chain] * powers[turnsAfter]
                }
            }
        }
    }
}
