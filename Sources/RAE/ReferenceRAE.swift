/// SPIRAL's estimator as plain loops over episodes: the specification the BLAS path is held to.
///
/// Per episode: count each seat's turns, read (and, per game, update) each player's role's
/// baseline once, then give turn `i` of a seat's `n` turns `(R - b) * gamma^(n-1-i)`. A seat
/// without turns is a player under ``PlayerRule/everySeat`` (its role from the seat roles). The small
/// per-seat and per-slot tables are raw scratch rather than arrays only because array writes
/// in these loops paid a uniqueness check each (4x slower); the logic is unchanged.
enum ReferenceRAE {
    static func run(_ job: RAEJob, baselines: inout RoleBaselines) {
        let batch = job.batch
        let seatCount = batch.seatCount
        let kind = job.configuration.baseline
        let update = job.configuration.update
        let powers = discountPowers(job.configuration.gamma, count: job.shape.episodeLengthBound)
        let slotCount = baselines.roleCount

        let turnsOfSeat = Scratch<Int>(capacity: seatCount)
        let seenOfSeat = Scratch<Int>(capacity: seatCount)
        let roleOfSeat = Scratch<Int32>(capacity: seatCount)
        turnsOfSeat.fill(0, count: seatCount)
        seenOfSeat.fill(0, count: seatCount)
        let everySeatPlays = job.configuration.seatsWithoutTurnsArePlayers
        func isPlayer(_ seat: Int) -> Bool { everySeatPlays || turnsOfSeat.pointer[seat] > 0 }
        // Per slot, for the game at hand: the baseline read before this game's update, and the
        // sum and count of its players' returns.
        let baselineRead = Scratch<Float>(capacity: slotCount)
        let gameSum = Scratch<Float>(capacity: slotCount)
        let gameCount = Scratch<Int>(capacity: slotCount)
        gameSum.fill(0, count: slotCount)
        gameCount.fill(0, count: slotCount)
        // Per slot, for the whole batch (per-batch update): every game reads the baselines as
        // they were before the batch.
        var batchSum = [Double](repeating: 0, count: slotCount)
        var batchCount = [Int](repeating: 0, count: slotCount)
        for slot in 0..<slotCount { baselineRead.pointer[slot] = baselines.values[slot] }

        var start = 0
        for episode in 0..<job.shape.episodeCount {
            let end = start + batch.episodes.length(of: episode)
            for turn in start..<end {
                let seat = Int(batch.seats[turn])
                if turnsOfSeat.pointer[seat] == 0 { roleOfSeat.pointer[seat] = batch.roles[turn] }
                turnsOfSeat.pointer[seat] += 1
            }
            let returns = episode * seatCount
            // Validation has checked that a seat without turns has a seat role when it is a player.
            if everySeatPlays, let seatRoles = batch.seatRoles {
                for seat in 0..<seatCount where turnsOfSeat.pointer[seat] == 0 {
                    roleOfSeat.pointer[seat] = seatRoles[returns + seat]
                }
            }
            if kind != .none {
                for seat in 0..<seatCount where isPlayer(seat) {
                    let slot = job.slot(of: roleOfSeat.pointer[seat])
                    let finalReturn = batch.finalReturns[returns + seat]
                    switch update {
                    case .perGame:
                        gameSum.pointer[slot] += finalReturn
                        gameCount.pointer[slot] += 1
                    case .perBatch:
                        batchSum[slot] += Double(finalReturn)
                        batchCount[slot] += 1
                    }
                }
            }
            if kind != .none && update == .perGame {
                for seat in 0..<seatCount where isPlayer(seat) {
                    let slot = job.slot(of: roleOfSeat.pointer[seat])
                    guard gameCount.pointer[slot] > 0 else { continue }  // updated this game already
                    baselineRead.pointer[slot] = baselines.values[slot]
                    baselines.update(
                        role: Int32(slot), meanReturn: gameSum.pointer[slot] / Float(gameCount.pointer[slot]))
                    gameSum.pointer[slot] = 0
                    gameCount.pointer[slot] = 0
                }
            }
            for turn in start..<end {
                let seat = Int(batch.seats[turn])
                let baseline = kind == .none ? 0 : baselineRead.pointer[job.slot(of: roleOfSeat.pointer[seat])]
                let advantage = batch.finalReturns[returns + seat] - baseline
                let turnsAfter = turnsOfSeat.pointer[seat] - 1 - seenOfSeat.pointer[seat]
                job.output[turn] = advantage * powers[turnsAfter]
                seenOfSeat.pointer[seat] += 1
            }
            for seat in 0..<seatCount {
                turnsOfSeat.pointer[seat] = 0
                seenOfSeat.pointer[seat] = 0
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
