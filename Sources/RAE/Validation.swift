/// Facts about a batch learned while checking it, used to size scratch space.
struct BatchShape {
    let turnCount: Int
    let episodeCount: Int
    let maxEpisodeLength: Int
}

/// Checks shared by every estimator and both compute paths, so the two paths refuse exactly
/// the same inputs. All of them run before any output is written or any baseline changes.
enum Validate {
    /// Checks that lengths or offsets cover exactly `turnCount` turns.
    static func bounds(_ episodes: EpisodeBounds, turnCount: Int) throws -> BatchShape {
        var maxLength = 0
        switch episodes {
        case .lengths(let lengths):
            // Branch-free so it vectorises; the slow search runs only on failure.
            var sum = 0
            var shortest = Int32.max
            var longest: Int32 = 0
            for length in lengths {
                sum &+= Int(length)
                shortest = min(shortest, length)
                longest = max(longest, length)
            }
            if shortest < 0, let episode = lengths.firstIndex(where: { $0 < 0 }) {
                throw RAEError.negativeLength(episode: episode, length: lengths[episode])
            }
            guard sum == turnCount else { throw RAEError.lengthsDoNotAddUp(sum: sum, turnCount: turnCount) }
            maxLength = Int(longest)
        case .offsets(let offsets):
            guard let first = offsets.first, let last = offsets.last else { throw RAEError.offsetsEmpty }
            guard first == 0 else { throw RAEError.offsetsDoNotStartAtZero(first: first) }
            for episode in 0..<(offsets.count - 1) {
                let start = offsets[episode]
                let end = offsets[episode + 1]
                guard end >= start else {
                    throw RAEError.offsetsDecrease(episode: episode, start: start, end: end)
                }
                maxLength = max(maxLength, Int(end - start))
            }
            guard Int(last) == turnCount else {
                throw RAEError.offsetsDoNotEndAtTurnCount(last: last, turnCount: turnCount)
            }
        }
        return BatchShape(
            turnCount: turnCount, episodeCount: episodes.episodeCount, maxEpisodeLength: maxLength)
    }

    /// Checks a column's entry count.
    static func count(_ column: String, _ count: Int, expected: Int, reason: String) throws {
        guard count == expected else {
            throw RAEError.columnCount(column: column, count: count, expected: expected, reason: reason)
        }
    }

    /// The index of the first id outside `0..<limit`, or nil.
    static func firstIdOutOfRange(_ ids: UnsafeBufferPointer<Int32>, limit: Int) -> Int? {
        // One branch-free max over the column vectorises; the slow search runs only on failure.
        // Negative ids become huge as UInt32, so one comparison catches both ends.
        var largest: UInt32 = 0
        for id in ids { largest = max(largest, UInt32(bitPattern: id)) }
        guard Int(largest) >= limit else { return nil }
        return ids.firstIndex { $0 < 0 || Int($0) >= limit }
    }

    /// The index of the first NaN or infinity, or nil.
    static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        // Exponent bits all ones means NaN or infinity; a max over them vectorises where a
        // loop of `isFinite` with an early exit does not.
        let exponentMask: UInt32 = 0x7f80_0000
        var largest: UInt32 = 0
        for value in values { largest = max(largest, value.bitPattern & exponentMask) }
        guard largest == exponentMask else { return nil }
        return values.firstIndex { !$0.isFinite }
    }

    /// Checks that `value` lies in `range`.
    static func parameter(_ name: String, _ value: Float, in range: ClosedRange<Float>) throws {
        guard range.contains(value) else {
            throw RAEError.invalidParameter(
                name: name, value: "\(value)",
                allowed: "\(range.lowerBound) ... \(range.upperBound)")
        }
    }

    /// Checks that a count is at least 1.
    static func positive(_ name: String, _ value: Int) throws {
        guard value >= 1 else {
            throw RAEError.invalidParameter(name: name, value: "\(value)", allowed: "1 or more")
        }
    }
}

extension TurnBatch {
    /// Checks everything SPIRAL's estimator relies on; throws the first problem found.
    func validate(roleCount: Int) throws -> BatchShape {
        try Validate.positive("seatCount", seatCount)
        try Validate.count("roles", roles.count, expected: turnCount, reason: "the \(turnCount) turns")
        let shape = try Validate.bounds(episodes, turnCount: turnCount)
        try Validate.count(
            "finalReturns", finalReturns.count, expected: shape.episodeCount * seatCount,
            reason: "\(shape.episodeCount) episodes x \(seatCount) seats")
        if let index = Validate.firstNonFinite(finalReturns) {
            throw RAEError.nonFiniteFinalReturn(
                episode: index / seatCount, seat: index % seatCount, value: finalReturns[index])
        }
        try checkTurns(roleCount: roleCount)
        return shape
    }

    /// Checks seat and role ids and that no seat changes role within an episode (a player's
    /// turns share one baseline); throws for the first bad turn.
    ///
    /// Tile by tile, so each column comes from memory once and the tables stay in cache:
    /// range checks on the tile's seats and roles, then, while the turns are keyed, every turn
    /// compares its role with the one its (episode, seat) entry holds and writes its own. All
    /// flat loops; only when some turn disagrees does the slow search for the first offending
    /// turn run.
    private func checkTurns(roleCount: Int) throws {
        guard let roles = roles.baseAddress, let seatIDs = seats.baseAddress else { return }
        var tile = TileKeys()
        var roleOfEntry = Scratch<Int32>(capacity: 0)
        try episodes.forEachTile(tileSize: TileKeys.tileSize) { episodeTile in
            let first = episodeTile.firstTurn
            let tileSeats = UnsafeBufferPointer(start: seatIDs + first, count: episodeTile.turnCount)
            let tileRoles = UnsafeBufferPointer(start: roles + first, count: episodeTile.turnCount)
            if let turn = Validate.firstIdOutOfRange(tileSeats, limit: seatCount) {
                throw RAEError.seatOutOfRange(seat: tileSeats[turn], turn: first + turn, seatCount: seatCount)
            }
            if let turn = Validate.firstIdOutOfRange(tileRoles, limit: roleCount) {
                throw RAEError.roleOutOfRange(role: tileRoles[turn], turn: first + turn, roleCount: roleCount)
            }
            let entries = episodeTile.episodes.count * seatCount
            roleOfEntry.reserve(entries)
            roleOfEntry.fill(-1, count: entries)
            let table = roleOfEntry.pointer
            let role = roles + first
            // Bits set where a turn's role differs from a role its entry already holds; an
            // unset entry (-1) masks its own bits away. Branch-free, in the keying pass.
            var difference: Int32 = 0
            tile.build(seats: seats, bounds: episodes, tile: episodeTile, seatCount: seatCount) { turn, key in
                let earlier = table[key]
                difference |= (earlier ^ role[turn]) & ~(earlier >> 31)
                table[key] = role[turn]
            }
            if difference != 0 { try locateRoleChange() }
        }
    }

    /// Throws for the first turn whose seat had another role earlier in the episode.
    private func locateRoleChange() throws {
        var start = 0
        for episode in 0..<episodes.episodeCount {
            let end = start + episodes.length(of: episode)
            var roleOfSeat: [Int32: Int32] = [:]
            for turn in start..<end {
                let seat = seats[turn]
                let role = roles[turn]
                if let earlier = roleOfSeat[seat], earlier != role {
                    throw RAEError.roleChangesWithinEpisode(
                        episode: episode, seat: seat, turn: turn, role: role, earlierRole: earlier)
                }
                roleOfSeat[seat] = role
            }
            start = end
        }
    }
}

extension StepBatch {
    /// Checks everything discounted returns (and, with `needsValues`, GAE) rely on.
    func validate(needsValues: Bool) throws -> BatchShape {
        try Validate.positive("seatCount", seatCount)
        try Validate.count("rewards", rewards.count, expected: turnCount, reason: "the \(turnCount) turns")
        if needsValues {
            try Validate.count(
                "values", values?.count ?? 0, expected: turnCount,
                reason: "GAE over the \(turnCount) turns")
        }
        let shape = try Validate.bounds(episodes, turnCount: turnCount)
        if let turn = Validate.firstIdOutOfRange(seats, limit: seatCount) {
            throw RAEError.seatOutOfRange(seat: seats[turn], turn: turn, seatCount: seatCount)
        }
        if let turn = Validate.firstNonFinite(rewards) {
            throw RAEError.nonFiniteReward(turn: turn, value: rewards[turn])
        }
        if needsValues, let values, let turn = Validate.firstNonFinite(values) {
            throw RAEError.nonFiniteValue(turn: turn, value: values[turn])
        }
        return shape
    }
}
