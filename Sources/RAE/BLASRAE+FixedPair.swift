/// Tiles of two-seat games where each seat keeps its role, game after game (Kuhn's,
/// TicTacToe's and Negotiation's usual batches): the two seats' baselines and sums stay in
/// registers, with no role table. Other tiles take the general loops.
extension BLASRAE.Workspace {
    /// Per-game update: both seats' baselines in one register, four games a step. Each game
    /// still reads the baseline the previous game left, `b1 = d b + (1 - d) R0` and so on,
    /// but the value carried to the next step is `d^4 b + t` with `t` the four returns'
    /// share, computed without `b`: the chain from step to step is one multiply and one add
    /// per four games instead of per game, and the per-game baselines hang off it. (One
    /// chain per game was a quarter of Kuhn's per-game time: the same loop without it, per
    /// batch, ran 0.7 ms faster per 1M transitions.) It rounds differently from the
    /// reference's game-by-game steps, within a few units in the last place.
    /// - Returns: false, having changed nothing, when the tile is not of that shape.
    func readAndUpdateFixedPair(_ values: UnsafeMutablePointer<Float>, decay: Float) -> Bool {
        guard job.batch.seatCount == 2, let (first, second) = fixedPairOfSlots() else { return false }
        let d = SIMD2(repeating: decay)
        let c = SIMD2(repeating: 1 - decay)
        let d4 = d * d * d * d
        var baseline = SIMD2(values[first], values[second])
        let returns = UnsafeRawPointer(tileReturns)
        let result = UnsafeMutableRawPointer(advantage.pointer)
        let pairBytes = MemoryLayout<SIMD2<Float>>.size
        let games = tile.layout.entryCount / 2
        var game = 0
        while game &+ 4 <= games {
            let offset = game &* pairBytes
            let r0 = returns.loadUnaligned(fromByteOffset: offset, as: SIMD2<Float>.self)
            let r1 = returns.loadUnaligned(fromByteOffset: offset &+ pairBytes, as: SIMD2<Float>.self)
            let r2 = returns.loadUnaligned(fromByteOffset: offset &+ 2 &* pairBytes, as: SIMD2<Float>.self)
            let r3 = returns.loadUnaligned(fromByteOffset: offset &+ 3 &* pairBytes, as: SIMD2<Float>.self)
            // The four games' share of the next step's baseline, independent of `baseline`.
            var share = c * r0
            share = d * share + c * r1
            share = d * share + c * r2
            share = d * share + c * r3
            let b1 = d * baseline + c * r0
            let b2 = d * b1 + c * r1
            let b3 = d * b2 + c * r2
            result.storeBytes(of: r0 - baseline, toByteOffset: offset, as: SIMD2<Float>.self)
            result.storeBytes(of: r1 - b1, toByteOffset: offset &+ pairBytes, as: SIMD2<Float>.self)
            result.storeBytes(of: r2 - b2, toByteOffset: offset &+ 2 &* pairBytes, as: SIMD2<Float>.self)
            result.storeBytes(of: r3 - b3, toByteOffset: offset &+ 3 &* pairBytes, as: SIMD2<Float>.self)
            baseline = d4 * baseline + share
            game &+= 4
        }
        while game < games {
            let offset = game &* pairBytes
            let r = returns.loadUnaligned(fromByteOffset: offset, as: SIMD2<Float>.self)
            result.storeBytes(of: r - baseline, toByteOffset: offset, as: SIMD2<Float>.self)
            baseline = d * baseline + c * r
            game &+= 1
        }
        values[first] = baseline[0]
        values[second] = baseline[1]
        return true
    }

    /// Per-batch update: every entry reads the baselines from before the batch; the two
    /// seats' sums of returns and the count of games add to the batch's. Two games a vector
    /// (seat 0, seat 1, seat 0, seat 1). The one-hot matrix of the general path would hold
    /// one fixed pattern here, and filling it cost more than the sums.
    /// - Returns: false, having changed nothing, when the tile is not of that shape.
    func readFixedPair(_ before: UnsafePointer<Float>, sums: inout [Double], counts: inout [Double]) -> Bool {
        guard job.batch.seatCount == 2, let (first, second) = fixedPairOfSlots() else { return false }
        let baselines = SIMD4(before[first], before[second], before[first], before[second])
        var tileSums = SIMD4<Float>()
        let returns = UnsafeRawPointer(tileReturns)
        let result = UnsafeMutableRawPointer(advantage.pointer)
        let entries = tile.layout.entryCount
        var entry = 0
        while entry &+ 4 <= entries {
            let r = returns.loadUnaligned(fromByteOffset: entry &* 4, as: SIMD4<Float>.self)
            result.storeBytes(of: r - baselines, toByteOffset: entry &* 4, as: SIMD4<Float>.self)
            tileSums += r
            entry &+= 4
        }
        if entry < entries {  // one game left
            let r = returns.loadUnaligned(fromByteOffset: entry &* 4, as: SIMD2<Float>.self)
            result.storeBytes(of: r - baselines.lowHalf, toByteOffset: entry &* 4, as: SIMD2<Float>.self)
            tileSums.lowHalf += r
        }
        let games = Double(entries / 2)
        sums[first] += Double(tileSums[0] + tileSums[2])
        sums[second] += Double(tileSums[1] + tileSums[3])
        counts[first] += games
        counts[second] += games
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
        // The tile's load already found every game's pair of roles to be the first's.
        if tile.rolePair != nil { return (first, second) }
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
