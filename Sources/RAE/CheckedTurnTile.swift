/// One tile of a ``TurnBatch``, checked and keyed in one pass over its turns.
///
/// Checking and keying share the pass because both walk the same columns: the range checks
/// must precede keying (keys index tables), and the check that a seat keeps its role within
/// an episode needs the keys. The BLAS estimator computes each tile right after loading it,
/// so the batch comes from memory once.
struct CheckedTurnTile: ~Copyable {
    /// The tile's per-turn entry keys.
    var layout = TileKeys()
    /// Per entry: the seat's role id, or -1 when it did not act.
    var roleOfEntry = Scratch<Int32>(capacity: 0)
    /// Seat 0's and seat 1's roles when every entry's role is one of these two, by seat: a
    /// two-seat tile where both seats act in every episode, each with the same role
    /// throughout the tile (Kuhn's, TicTacToe's and Negotiation's usual batches); else nil.
    private(set) var rolePair: (Int32, Int32)?

    /// Checks the tile's seat and role ids, its final returns and that no seat changes role
    /// within an episode, and leaves the tile's keys and roles of entries in place.
    /// - Parameter seatsWithoutTurnsArePlayers: give each seat that did not act its role from
    ///   the batch's seat roles (``PlayerRule/everySeat``) instead of -1.
    /// - Throws: ``RAEError`` for the tile's first bad turn (or final return), or for a seat
    ///   without turns whose role is unknown.
    /// - Precondition: the batch's shape has been validated.
    mutating func load(
        _ episodeTile: EpisodeTile, of batch: TurnBatch, roleCount: Int, seatsWithoutTurnsArePlayers: Bool
    ) throws {
        try loadActingRoles(episodeTile, of: batch, roleCount: roleCount)
        if seatsWithoutTurnsArePlayers && rolePair == nil {
            try giveSeatsWithoutTurnsTheirRoles(episodeTile, of: batch)
        }
    }

    /// Replaces the -1 of every entry whose seat did not act by the seat's role in the batch's
    /// seat roles (validated to be in range with the batch's shape). One pass over the tile's
    /// entries, a few per episode.
    private mutating func giveSeatsWithoutTurnsTheirRoles(_ episodeTile: EpisodeTile, of batch: TurnBatch) throws {
        let seatCount = batch.seatCount
        let entries = episodeTile.episodes.count &* seatCount
        let firstEntry = episodeTile.episodes.lowerBound &* seatCount
        let table = roleOfEntry.pointer
        guard let seatRoles = batch.seatRoles?.baseAddress else {
            if let entry = (0..<entries).first(where: { table[$0] < 0 }) {
                throw RAEError.seatRoleUnknown(episode: (firstEntry + entry) / seatCount, seat: entry % seatCount)
            }
            return
        }
        let given = seatRoles + firstEntry
        for entry in 0..<entries where table[entry] < 0 { table[entry] = given[entry] }
    }

    /// ``load(_:of:roleCount:seatsWithoutTurnsArePlayers:)`` for the seats that acted: -1 in
    /// the entries of seats without turns.
    private mutating func loadActingRoles(_ episodeTile: EpisodeTile, of batch: TurnBatch, roleCount: Int) throws {
        let first = episodeTile.firstTurn
        let turns = first..<(first + episodeTile.turnCount)
        let seatCount = batch.seatCount
        let seatBase = batch.seats.baseAddress.map { $0 + first }
        let roleBase = batch.roles.baseAddress.map { $0 + first }
        // Two seats: both range checks and the check that roles follow seats in one pass.
        var twoSeats: (idsInRange: Bool, rolesOfSeats: (Int32, Int32)?)?
        if seatCount == 2, let seats = seatBase, let roles = roleBase {
            twoSeats = Self.checkTwoSeats(seats: seats, roles: roles, turns: episodeTile.turnCount, roleCount: roleCount)
        }
        if twoSeats?.idsInRange != true {
            if let turn = Validate.firstIdOutOfRange(UnsafeBufferPointer(rebasing: batch.seats[turns]), limit: seatCount) {
                throw RAEError.seatOutOfRange(seat: batch.seats[first + turn], turn: first + turn, seatCount: seatCount)
            }
            if let turn = Validate.firstIdOutOfRange(UnsafeBufferPointer(rebasing: batch.roles[turns]), limit: roleCount) {
                throw RAEError.roleOutOfRange(role: batch.roles[first + turn], turn: first + turn, roleCount: roleCount)
            }
        }
        let entries = episodeTile.episodes.count &* seatCount
        let firstEntry = episodeTile.episodes.lowerBound &* seatCount
        let returns = UnsafeBufferPointer(rebasing: batch.finalReturns[firstEntry..<(firstEntry + entries)])
        if let entry = Validate.firstNonFinite(returns) {
            throw RAEError.nonFiniteFinalReturn(
                episode: (firstEntry + entry) / seatCount, seat: entry % seatCount, value: returns[entry])
        }
        roleOfEntry.reserve(entries)
        rolePair = nil
        layout.build(seats: batch.seats, bounds: batch.episodes, tile: episodeTile, seatCount: seatCount, seatsChecked: true)
        guard let roles = roleBase, let seats = seatBase else {
            roleOfEntry.fill(-1, count: entries)
            return
        }
        let table = roleOfEntry.pointer
        let keys = layout.keys.pointer
        if let pair = twoSeats?.rolesOfSeats {
            // No seat can change role. When both seats open every episode, the roles of
            // entries are one pair repeated: written as such, without a pass over the turns.
            if Self.bothSeatsOpenEveryEpisode(seats, bounds: batch.episodes, episodes: episodeTile.episodes) {
                rolePair = pair
                Self.fillPairs(table, pair, count: entries)
                return
            }
            roleOfEntry.fill(-1, count: entries)
            for turn in 0..<episodeTile.turnCount { table[Int(keys[turn])] = roles[turn] }
            return
        }
        roleOfEntry.fill(-1, count: entries)
        // Bits set where a turn's role differs from a role its entry already holds; an unset
        // entry (-1) masks its own bits away. Branch-free, in the keying pass.
        var difference: Int32 = 0
        for turn in 0..<episodeTile.turnCount {
            let key = Int(keys[turn])
            let earlier = table[key]
            difference |= (earlier ^ roles[turn]) & ~(earlier >> 31)
            table[key] = roles[turn]
        }
        if difference != 0 { try batch.locateRoleChange(in: episodeTile) }
    }

    /// Whether every episode's first two turns are two different seats, so that in a two-seat
    /// tile both seats act in every episode (seat ids checked to be 0 or 1). One branch-free
    /// step per episode; an episode shorter than two turns answers false.
    private static func bothSeatsOpenEveryEpisode(
        _ seats: UnsafePointer<Int32>, bounds: EpisodeBounds, episodes: Range<Int>
    ) -> Bool {
        var start = 0
        var same: Int32 = 0
        var short = false
        bounds.forEachLength(in: episodes) { length in
            if length < 2 {
                short = true
            } else {
                same |= ~(seats[start] ^ seats[start &+ 1]) & 1
            }
            start &+= length
        }
        return !short && same == 0
    }

    /// Writes `pair` `count / 2` times from `table` (`count` is even: two seats per episode).
    private static func fillPairs(_ table: UnsafeMutablePointer<Int32>, _ pair: (Int32, Int32), count: Int) {
        let word = SIMD2(pair.0, pair.1)
        let raw = UnsafeMutableRawPointer(table)
        var entry = 0
        while entry < count {
            raw.storeBytes(of: word, toByteOffset: entry &* 4, as: SIMD2<Int32>.self)
            entry &+= 2
        }
    }

    /// For a two-seat tile, in one pass four turns at a time: whether every seat id is 0 or 1
    /// and every role id in `0..<roleCount` (as `Validate.firstIdOutOfRange` checks them), and,
    /// when every turn's role is the one its seat has on the tile's first turns (Kuhn's and
    /// TicTacToe's usual batches), those roles of seat 0 and seat 1 (-1 for a seat that does
    /// not act in them). Three passes had cost Kuhn's estimator about a quarter of its time
    /// (perf).
    private static func checkTwoSeats(
        seats: UnsafePointer<Int32>, roles: UnsafePointer<Int32>, turns: Int, roleCount: Int
    ) -> (idsInRange: Bool, rolesOfSeats: (Int32, Int32)?) {
        guard turns > 0 else { return (true, (-1, -1)) }
        // Each seat's role on its first turn of the tile; a seat without turns matches nothing.
        var roleOfSeat = (seats[0] == 0 ? roles[0] : -1, seats[0] == 1 ? roles[0] : -1)
        var turn = 1
        while turn < min(turns, 8) && (roleOfSeat.0 < 0 || roleOfSeat.1 < 0) {
            if seats[turn] == 0 && roleOfSeat.0 < 0 { roleOfSeat.0 = roles[turn] }
            if seats[turn] == 1 && roleOfSeat.1 < 0 { roleOfSeat.1 = roles[turn] }
            turn &+= 1
        }
        // Seat 0 expects `first`, seat 1 `first ^ flip`: `0 - seat` is all ones for seat 1.
        let first = roleOfSeat.0
        let flip = roleOfSeat.0 ^ roleOfSeat.1
        // Sign bits of `id | (last - id)` mark ids out of range (see `firstIdOutOfRange`).
        let lastRole = Int32(clamping: roleCount) &- 1
        let width = 4
        var mismatch = SIMD4<Int32>()
        var signs = SIMD4<Int32>()
        let seatVectors = UnsafeRawPointer(seats)
        let roleVectors = UnsafeRawPointer(roles)
        turn = 0
        while turn &+ width <= turns {
            let seat = seatVectors.loadUnaligned(fromByteOffset: turn &* 4, as: SIMD4<Int32>.self)
            let role = roleVectors.loadUnaligned(fromByteOffset: turn &* 4, as: SIMD4<Int32>.self)
            signs |= seat | (SIMD4(repeating: 1) &- seat) | role | (SIMD4(repeating: lastRole) &- role)
            mismatch |= role ^ (SIMD4(repeating: first) ^ (SIMD4(repeating: flip) & (SIMD4() &- seat)))
            turn &+= width
        }
        var tailSigns: Int32 = 0
        var tailMismatch: Int32 = 0
        while turn < turns {
            tailSigns |= seats[turn] | (1 &- seats[turn]) | roles[turn] | (lastRole &- roles[turn])
            tailMismatch |= roles[turn] ^ (first ^ (flip & (0 &- seats[turn])))
            turn &+= 1
        }
        let inRange = (signs.min() | tailSigns) >= 0
        return (inRange, mismatch == SIMD4() && tailMismatch == 0 ? roleOfSeat : nil)
    }
}

extension TurnBatch {
    /// Throws for the tile's first turn whose seat had another role earlier in its episode.
    fileprivate func locateRoleChange(in tile: EpisodeTile) throws {
        var start = tile.firstTurn
        for episode in tile.episodes {
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
