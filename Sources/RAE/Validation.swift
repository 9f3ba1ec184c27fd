/// Facts about a batch learned while checking it, used to size scratch space.
struct BatchShape {
    let turnCount: Int
    let episodeCount: Int
    /// At least the longest episode's length and less than twice it: enough to size tables
    /// of discount powers, and cheaper to find than the maximum.
    let episodeLengthBound: Int
}

/// Checks shared by every estimator and both compute paths, so the two paths refuse exactly
/// the same inputs. The shape checks run first; the per-turn checks run tile by tile (the
/// BLAS paths check each tile just before computing it, while it is in cache).
enum Validate {
    /// Checks that lengths or offsets cover exactly `turnCount` turns.
    static func bounds(_ episodes: EpisodeBounds, turnCount: Int) throws -> BatchShape {
        var lengthBound = 0
        switch episodes {
        case .lengths(let lengths):
            // Branch-free and in SSE2's reach so it vectorises (SSE2 has no 32-bit min or max):
            // the OR of the lengths has the sign bit exactly when one is negative, and is an
            // upper bound of the longest, below twice it. The slow search runs only on failure.
            var sum = 0
            var any: Int32 = 0
            for length in lengths {
                sum &+= Int(UInt32(bitPattern: length))
                any |= length
            }
            if any < 0, let episode = lengths.firstIndex(where: { $0 < 0 }) {
                throw RAEError.negativeLength(episode: episode, length: lengths[episode])
            }
            guard sum == turnCount else { throw RAEError.lengthsDoNotAddUp(sum: sum, turnCount: turnCount) }
            lengthBound = Int(any)
        case .offsets(let offsets):
            guard let first = offsets.first, let last = offsets.last else { throw RAEError.offsetsEmpty }
            guard first == 0 else { throw RAEError.offsetsDoNotStartAtZero(first: first) }
            // Branch-free as for lengths, over differences taken in 64 bits (no overflow).
            var any = 0
            for episode in 0..<(offsets.count - 1) {
                any |= Int(offsets[episode &+ 1]) &- Int(offsets[episode])
            }
            if any < 0, let episode = offsets.indices.dropLast().first(where: { offsets[$0 + 1] < offsets[$0] }) {
                throw RAEError.offsetsDecrease(episode: episode, start: offsets[episode], end: offsets[episode + 1])
            }
            lengthBound = any
            guard Int(last) == turnCount else {
                throw RAEError.offsetsDoNotEndAtTurnCount(last: last, turnCount: turnCount)
            }
        }
        return BatchShape(
            turnCount: turnCount, episodeCount: episodes.episodeCount, episodeLengthBound: lengthBound)
    }

    /// Checks a column's entry count.
    static func count(_ column: String, _ count: Int, expected: Int, reason: String) throws {
        guard count == expected else {
            throw RAEError.columnCount(column: column, count: count, expected: expected, reason: reason)
        }
    }

    /// The index of the first id outside `0..<limit`, or nil.
    static func firstIdOutOfRange(_ ids: UnsafeBufferPointer<Int32>, limit: Int) -> Int? {
        // `id | (limit - 1 - id)` has its sign bit set exactly when `id < 0` or `id >= limit`
        // (a wrapped difference only happens for a negative id, whose own sign bit is set).
        // Or-ing those is plain integer work that vectorises even on SSE2, which has no
        // unsigned max or compare; the slow search runs only on failure.
        let last = Int32(clamping: limit) &- 1
        var signs: Int32 = 0
        for id in ids { signs |= id | (last &- id) }
        guard signs < 0 else { return nil }
        return ids.firstIndex { $0 < 0 || Int($0) >= limit }
    }

    /// The index of the first NaN or infinity, or nil.
    static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        // Exponent bits all ones means NaN or infinity; adding one to the exponent field then
        // carries into the sign bit, and only then. Or-ing those vectorises (as in
        // `firstIdOutOfRange`) where a loop of `isFinite` with an early exit does not.
        var carries: UInt32 = 0
        for value in values { carries |= (value.bitPattern & 0x7f80_0000) &+ 0x0080_0000 }
        guard carries & 0x8000_0000 != 0 else { return nil }
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
    /// Checks the batch's shape: seat count, column lengths and episode bounds. The per-turn
    /// checks (ids, final returns, roles within an episode) run tile by tile in
    /// ``CheckedTurnTile/load(_:of:roleCount:)``, while each tile is in cache.
    func validateShape(roleCount: Int) throws -> BatchShape {
        try Validate.positive("seatCount", seatCount)
        try Validate.count("roles", roles.count, expected: turnCount, reason: "the \(turnCount) turns")
        let shape = try Validate.bounds(episodes, turnCount: turnCount)
        try Validate.count(
            "finalReturns", finalReturns.count, expected: shape.episodeCount * seatCount,
            reason: "\(shape.episodeCount) episodes x \(seatCount) seats")
        if let seatRoles {
            try Validate.count(
                "seatRoles", seatRoles.count, expected: shape.episodeCount * seatCount,
                reason: "\(shape.episodeCount) episodes x \(seatCount) seats")
            if let entry = Validate.firstIdOutOfRange(seatRoles, limit: roleCount) {
                throw RAEError.seatRoleOutOfRange(
                    role: seatRoles[entry], episode: entry / seatCount, seat: entry % seatCount, roleCount: roleCount)
            }
        }
        return shape
    }

    /// The per-turn checks over every tile, for the reference path, which checks the whole
    /// batch before computing; the shape must have been validated.
    func validateTurns(roleCount: Int, seatsWithoutTurnsArePlayers: Bool) throws {
        var tile = CheckedTurnTile()
        try episodes.forEachTile(tileSize: TileKeys.tileSize) {
            try tile.load($0, of: self, roleCount: roleCount, seatsWithoutTurnsArePlayers: seatsWithoutTurnsArePlayers)
        }
    }
}

extension StepBatch {
    /// Checks the batch's shape: seat count, column lengths and episode bounds. The per-turn
    /// checks run tile by tile in ``checkTile(_:needsValues:)``.
    func validateShape(needsValues: Bool) throws -> BatchShape {
        try Validate.positive("seatCount", seatCount)
        try Validate.count("rewards", rewards.count, expected: turnCount, reason: "the \(turnCount) turns")
        if needsValues {
            try Validate.count(
                "values", values?.count ?? 0, expected: turnCount,
                reason: "GAE over the \(turnCount) turns")
        }
        return try Validate.bounds(episodes, turnCount: turnCount)
    }

    /// Checks one tile's seat ids, rewards and (with `needsValues`) value estimates; throws
    /// for the first bad turn of the tile.
    func checkTile(_ tile: EpisodeTile, needsValues: Bool) throws {
        let first = tile.firstTurn
        let turns = first..<(first + tile.turnCount)
        if let turn = Validate.firstIdOutOfRange(UnsafeBufferPointer(rebasing: seats[turns]), limit: seatCount) {
            throw RAEError.seatOutOfRange(seat: seats[first + turn], turn: first + turn, seatCount: seatCount)
        }
        if let turn = Validate.firstNonFinite(UnsafeBufferPointer(rebasing: rewards[turns])) {
            throw RAEError.nonFiniteReward(turn: first + turn, value: rewards[first + turn])
        }
        if needsValues, let values, let turn = Validate.firstNonFinite(UnsafeBufferPointer(rebasing: values[turns])) {
            throw RAEError.nonFiniteValue(turn: first + turn, value: values[first + turn])
        }
    }

    /// The per-turn checks over every tile, for the reference path, which checks the whole
    /// batch before computing; the shape must have been validated.
    func validateTurns(needsValues: Bool) throws {
        try episodes.forEachTile(tileSize: TileKeys.tileSize) { try checkTile($0, needsValues: needsValues) }
    }
}
