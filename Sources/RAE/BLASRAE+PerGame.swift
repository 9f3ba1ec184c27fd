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
