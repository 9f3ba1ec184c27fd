/// SPIRAL's estimator as plain loops over episodes: the specification the BLAS path is held to.
///
/// Per episode: count each seat's turns, read (and, per game, update) each role's baseline
/// once, then give turn `i` of a seat's `n` turns `(R - b) * gamma^(n-1-i)`.
enum ReferenceRAE {
    static func run(_ job: RAEJob, baselines: inout RoleBaselines) {
        let batch = job.batch
        let seatCount = batch.seatCount
        let kind = job.configuration.baseline
        let update = job.configuration.update
        let powers = discountPowers(job.configuration.gamma, count: job.shape.maxEpisodeLength)
        let slotCount = baselines.roleCount

        var turnsOfSeat = [Int](repeating: 0, count: seatCount)
        var roleOfSeat = [Int32](repeating: 0, count: seatCount)
        var seenOfSeat = [Int](repeating: 0, count: seatCount)
        // Per slot, for the game at hand: the baseline read before this game's update, and the
        // sum and count of its players' returns.
        var baselineRead = [Float](repeating: 0, count: slotCount)
        var gameSum = [Float](repeating: 0, count: slotCount)
        var gameCount = [Int](repeating: 0, count: slotCount)
        // Per slot, for the whole batch (per-batch update).
        var batchSum = [Double](repeating: 0, count: slotCount)
        var batchCount = [Int](repeating: 0, count: slotCount)
        // Per batch, every game reads the baselines as they were before the batch.
        if update == .perBatch { baselineRead = baselines.values }

        var start = 0
        for episode in 0..<job.shape.episodeCount {
            let end = start + batch.episodes.length(of: episode)
            for turn in start..<end {
                let seat = Int(batch.seats[turn])
                if turnsOfSeat[seat] == 0 { roleOfSeat[seat] = batch.roles[turn] }
                turnsOfSeat[seat] += 1
            }
            let returns = episode * seatCount
            if kind != .none {
                for seat in 0..<seatCount where turnsOfSeat[seat] > 0 {
                    let slot = job.slot(of: roleOfSeat[seat])
                    let finalReturn = batch.finalReturns[returns + seat]
                    switch update {
                    case .perGame:
                        gameSum[slot] += finalReturn
                        gameCount[slot] += 1
                    case .perBatch:
                        batchSum[slot] += Double(finalReturn)
                        batchCount[slot] += 1
                    }
                }
            }
            if kind != .none && update == .perGame {
                for seat in 0..<seatCount where turnsOfSeat[seat] > 0 {
                    let slot = job.slot(of: roleOfSeat[seat])
                    guard gameCount[slot] > 0 else { continue }  // already updated this game
                    baselineRead[slot] = baselines.values[slot]
                    baselines.update(
                        role: Int32(slot), meanReturn: gameSum[slot] / Float(gameCount[slot]))
                    gameSum[slot] = 0
                    gameCount[slot] = 0
                }
            }
            for turn in start..<end {
                let seat = Int(batch.seats[turn])
                let baseline = kind == .none ? 0 : baselineRead[job.slot(of: roleOfSeat[seat])]
                let advantage = batch.finalReturns[returns + seat] - baseline
                let turnsAfter = turnsOfSeat[seat] - 1 - seenOfSeat[seat]
                job.output[turn] = advantage * powers[turnsAfter]
                seenOfSeat[seat] += 1
            }
            for seat in 0..<seatCount {
                turnsOfSeat[seat] = 0
                seenOfSeat[seat] = 0
            }
            start = end
        }
        if kind != .none && update == .perBatch {
            for slot in 0..<slotCount where batchCount[slot] > 0 {
                baselines.update(
                    role: Int32(slot), meanReturn: Float(batchSum[slot] / Double(batchCount[slot])))
            }
        }
    }
}
