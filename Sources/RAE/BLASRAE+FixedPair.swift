/// Tiles of two-seat games where each seat keeps its role, game after game (Kuhn's,
/// TicTacToe's and Negotiation's usual batches): the two seats' baselines and sums stay in
/// registers, with no role table. Other tiles take the general loops.
extension BLASRAE.Workspace {
    /// The two seats' baselines (or sums), seat 0's first.
    typealias SeatPair = (first: Float, second: Float)

    /// Per-game update: each baseline is a chain of its own in a register. Through the
    /// table, each step waited on the previous one's store and both roles' steps lined up
    /// behind each other (Kuhn per game 5.2 -> 3.7 ms per 1M transitions).
    /// - Returns: false, having changed nothing, when the tile is not of that shape.
    func readAndUpdateFixedPair(_ values: UnsafeMutablePointer<Float>, decay: Float) -> Bool {
        guard job.batch.seatCount == 2, let (first, second) = fixedPairOfSlots() else { return false }
        var baselines: SeatPair = (values[first], values[second])
        forEachGame(against: &baselines) { baselines, returns in
            baselines.first = RoleBaselines.step(baselines.first, towards: returns.first, decay: decay)
            baselines.second = RoleBaselines.step(baselines.second, towards: returns.second, decay: decay)
        }
        values[first] = baselines.first
        values[second] = baselines.second
        return true
    }

    /// Per-batch update: every entry reads the baselines from before the batch; the two
    /// seats' sums of returns and the count of games add to the batch's. The one-hot matrix
    /// of the general path would hold one fixed pattern here, and filling it cost more than
    /// the sums.
    /// - Returns: false, having changed nothing, when the tile is not of that shape.
    func readFixedPair(_ before: UnsafePointer<Float>, sums: inout [Double], counts: inout [Double]) -> Bool {
        guard job.batch.seatCount == 2, let (first, second) = fixedPairOfSlots() else { return false }
        var baselines: SeatPair = (before[first], before[second])
        var tileSums: SeatPair = (0, 0)
        forEachGame(against: &baselines) { _, returns in
            tileSums.first += returns.first
            tileSums.second += returns.second
        }
        let games = Double(tile.layout.entryCount / 2)
        sums[first] += Double(tileSums.first)
        sums[second] += Double(tileSums.second)
        counts[first] += games
        counts[second] += games
        return true
    }

    /// Writes each game's advantages `R - b` against `baselines`, in game order, then hands
    /// the game's two returns to `after` (which may move the baselines).
    @inline(__always)
    private func forEachGame(against baselines: inout SeatPair, after: (inout SeatPair, SeatPair) -> Void) {
        let finalReturn = tileReturns
        let result = advantage.pointer
        var entry = 0
        while entry < tile.layout.entryCount {
            let returns: SeatPair = (finalReturn[entry], finalReturn[entry &+ 1])
            result[entry] = returns.first - baselines.first
            result[entry &+ 1] = returns.second - baselines.second
            after(&baselines, returns)
            entry &+= 2
        }
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
}
