/// SPIRAL's per-game baseline update, tile by tile: each game reads its roles' baselines
/// (before its own update), then moves each once with the mean return of the role's players
/// in the game.
extension BLASRAE.Workspace {
    /// Runs the tile through the one-player-per-role loop (two-player games: a third of the
    /// work per player), redoing it with the general loop from the saved baselines when some
    /// game turns out to have two players of one role (Werewolf's villagers).
    mutating func readAndUpdatePerGameTile(_ values: UnsafeMutablePointer<Float>, decay: Float) {
        if !rolesRepeatInGames {
            if readAndUpdateFixedPair(values, decay: decay) { return }
            valuesBeforeTile.pointer.update(from: values, count: slotCount)
            if readAndUpdateOnePlayerPerRole(values, decay: decay) { return }
            rolesRepeatInGames = true
            values.update(from: valuesBeforeTile.pointer, count: slotCount)
        }
        readAndUpdatePerGame(values, decay: decay)
    }

    /// Two seats that keep their roles in every game of the tile, and not the same baseline
    /// (Kuhn's and TicTacToe's usual batches): the two baselines stay in registers, each a
    /// chain of its own. Through the table, each step waited on the previous one's store and
    /// both roles' steps lined up behind each other.
    /// - Returns: false, having changed nothing, when the tile is not of that shape.
    private func readAndUpdateFixedPair(_ values: UnsafeMutablePointer<Float>, decay: Float) -> Bool {
        guard job.batch.seatCount == 2, let (first, second) = fixedPairOfSlots() else { return false }
        let finalReturn = tileReturns
        let result = advantage.pointer
        var firstBaseline = values[first]
        var secondBaseline = values[second]
        var entry = 0
        while entry < tile.layout.entryCount {
            let firstReturn = finalReturn[entry]
            let secondReturn = finalReturn[entry &+ 1]
            result[entry] = firstReturn - firstBaseline
            result[entry &+ 1] = secondReturn - secondBaseline
            firstBaseline = RoleBaselines.step(firstBaseline, towards: firstReturn, decay: decay)
            secondBaseline = RoleBaselines.step(secondBaseline, towards: secondReturn, decay: decay)
            entry &+= 2
        }
        values[first] = firstBaseline
        values[second] = secondBaseline
        return true
    }

    /// The baseline slots of seats 0 and 1 when, in every game of the tile, both seats acted,
    /// each with the role it has in the first game, and their roles use different slots.
    private func fixedPairOfSlots() -> (Int, Int)? {
        let entries = tile.layout.entryCount
        guard entries >= 2 else { return nil }
        let role = tile.roleOfEntry.pointer
        guard role[0] >= 0, role[1] >= 0 else { return nil }
        let first = job.slot(of: role[0])
        let second = job.slot(of: role[1])
        guard first != second else { return nil }
        // Both seats' roles as one 64-bit word per game, compared with the first game's.
        let pairs = UnsafeRawPointer(role)
        let expected = pairs.loadUnaligned(as: UInt64.self)
        var differs: UInt64 = 0
        for game in 0..<(entries / 2) {
            differs |= pairs.loadUnaligned(fromByteOffset: game &* 8, as: UInt64.self) ^ expected
        }
        return differs == 0 ? (first, second) : nil
    }

    /// One player per role and game: each player reads its role's baseline and moves it with
    /// its own return, in game order.
    /// - Returns: false when some game of the tile has two players of one role; the tile's
    ///   results are then wrong and the caller redoes it.
    private mutating func readAndUpdateOnePlayerPerRole(_ values: UnsafeMutablePointer<Float>, decay: Float) -> Bool {
        let seatCount = job.batch.seatCount
        let role = tile.roleOfEntry.pointer
        let finalReturn = tileReturns
        let result = advantage.pointer
        let lastGame = lastReader.pointer
        var repeated = false
        var entry = 0
        for game in tile.layout.firstEpisode..<(tile.layout.firstEpisode &+ tile.layout.entryCount / seatCount) {
            for _ in 0..<seatCount {
                let roleID = role[entry]
                if roleID >= 0 {
                    let slot = job.slot(of: roleID)
                    let playerReturn = finalReturn[entry]
                    let baseline = values[slot]
                    result[entry] = playerReturn - baseline
                    values[slot] = RoleBaselines.step(baseline, towards: playerReturn, decay: decay)
                    repeated = repeated || lastGame[slot] == game
                    lastGame[slot] = game
                }
                entry &+= 1
            }
        }
        return !repeated
    }

    /// Per-game update: each game reads its roles' baselines, then moves each once with
    /// the mean return of the role's players in the game. A game's update is applied when
    /// its slot is next read, so players of one role in one game all read the same value
    /// without a second pass over the game.
    private mutating func readAndUpdatePerGame(_ values: UnsafeMutablePointer<Float>, decay: Float) {
        let seatCount = job.batch.seatCount
        let role = tile.roleOfEntry.pointer
        let finalReturn = tileReturns
        let result = advantage.pointer
        let lastGame = pendingGame.pointer
        let sum = pendingSum.pointer
        let count = pendingCount.pointer
        var entry = 0
        for game in tile.layout.firstEpisode..<(tile.layout.firstEpisode &+ tile.layout.entryCount / seatCount) {
            for _ in 0..<seatCount {
                defer { entry &+= 1 }
                let roleID = role[entry]
                guard roleID >= 0 else { continue }
                let slot = job.slot(of: roleID)
                let playerReturn = finalReturn[entry]
                if lastGame[slot] != game {
                    if count[slot] > 0 {
                        let mean = count[slot] == 1 ? sum[slot] : sum[slot] / count[slot]
                        values[slot] = RoleBaselines.step(values[slot], towards: mean, decay: decay)
                    }
                    lastGame[slot] = game
                    sum[slot] = playerReturn
                    count[slot] = 1
                } else {
                    sum[slot] += playerReturn
                    count[slot] += 1
                }
                result[entry] = playerReturn - values[slot]
            }
        }
    }

    /// Applies the last pending per-game updates.
    mutating func finishPerGame(_ values: UnsafeMutablePointer<Float>, decay: Float) {
        for slot in 0..<slotCount where pendingCount.pointer[slot] > 0 {
            let mean = pendingSum.pointer[slot] / pendingCount.pointer[slot]
            values[slot] = RoleBaselines.step(values[slot], towards: mean, decay: decay)
            pendingCount.pointer[slot] = 0
        }
    }
}
