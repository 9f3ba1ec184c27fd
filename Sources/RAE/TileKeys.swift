/// The per-turn *entry keys* of one tile of whole episodes.
///
/// An entry is one (episode, seat) pair of the tile, numbered
/// `(episode - firstEpisode) * seatCount + seat`: the index of the seat's final return in the
/// tile's slice of `finalReturns`, and the row of the seat's turns in the padded layouts. A
/// player's turns in a game (SPIRAL's "player p's n turns") are the turns sharing a key.
///
/// Keys are written eight turns at a time, `episode * seatCount` plus eight seat ids, with
/// no loop that depends on an episode's length for episodes of up to eight turns: the store
/// runs past a short episode's end and the next episode overwrites it. Short episodes of
/// random length (Kuhn's 2 or 3 turns) would otherwise cost a mispredicted loop exit each;
/// this costs about 8 instructions per episode instead of about 15 per turn for a running
/// sum over episode-start marks (callgrind).
struct TileKeys: ~Copyable {
    /// Turns plus episodes per tile: small enough that a tile's keys, per-entry tables and
    /// padded blocks stay in the 512 KiB L2 cache, large enough that per-tile costs vanish.
    static let tileSize = 8192

    /// Keys written per store.
    private static let width = 8

    /// Per turn of the tile: its entry key.
    private(set) var keys = Scratch<Int32>(capacity: 0)
    /// Turns in the tile.
    private(set) var turnCount = 0
    /// Entries in the tile: episodes x seats.
    private(set) var entryCount = 0
    /// The batch index of the tile's first turn.
    private(set) var firstTurn = 0
    /// The batch index of the tile's first episode.
    private(set) var firstEpisode = 0

    /// Computes the keys of the tile's turns, and checks the seat ids it reads on the way
    /// unless the caller has (`seatsChecked`).
    ///
    /// The check is a filter: it reads the seat ids the vector loads read, a few turns past
    /// the tile's end included, so `false` may be a false alarm from the next tile; a caller
    /// that has not checked the seat ids itself confirms them before using the keys.
    /// - Returns: whether every seat id read is in `0..<seatCount` (true when `seatsChecked`).
    /// - Precondition: the episode bounds have been validated; with `seatsChecked`, the
    ///   tile's seat ids are in range.
    @discardableResult
    mutating func build(
        seats: UnsafeBufferPointer<Int32>, bounds: EpisodeBounds, tile: EpisodeTile, seatCount: Int, seatsChecked: Bool = false
    ) -> Bool {
        let episodes = tile.episodes
        firstTurn = tile.firstTurn
        firstEpisode = episodes.lowerBound
        turnCount = tile.turnCount
        entryCount = episodes.count &* seatCount
        // Room for the last store's overrun.
        keys.reserve(turnCount &+ Self.width)
        guard let seatBase = seats.baseAddress.map({ $0 + tile.firstTurn }) else { return true }
        var writer = KeyWriter(
            keys: keys.pointer, seats: seatBase, readableTurns: seats.count &- tile.firstTurn,
            seatCount: Int32(truncatingIfNeeded: seatCount))
        // The check costs about 8 of the 28 instructions per Kuhn-sized episode: the key
        // writer is specialised without it for callers that checked the ids before.
        if seatsChecked {
            bounds.forEachLength(in: episodes) { writer.writeEpisode(length: $0, checking: false) }
            return true
        }
        bounds.forEachLength(in: episodes) { writer.writeEpisode(length: $0, checking: true) }
        return writer.outOfRange.min() >= 0 && writer.lastTurnsInRange
    }

    /// Writes one episode's keys after another's.
    private struct KeyWriter {
        let keys: UnsafeMutablePointer<Int32>
        let seats: UnsafePointer<Int32>
        /// Seat ids that may be read from `seats` on: a vector load must not pass the column's end.
        let readableTurns: Int
        let seatCount: Int32
        var start = 0
        var base: Int32 = 0
        /// Sign bits of the seat ids read that are below 0 or above `seatCount - 1`.
        var outOfRange = SIMD8<Int32>()
        var lastTurnsInRange = true

        /// - Parameter checking: whether to note out-of-range seat ids (a constant at each
        ///   call, so the check folds away where it is off).
        @inline(__always)
        mutating func writeEpisode(length: Int, checking: Bool) {
            let end = start &+ length
            // The loads read `width` seat ids from `start` (an empty episode's one load too)
            // and from every later multiple of `width` before `end`.
            if max(end, start &+ 1) &+ TileKeys.width &- 1 <= readableTurns {
                var turn = start
                repeat {
                    let ids = UnsafeRawPointer(seats + turn).loadUnaligned(as: SIMD8<Int32>.self)
                    UnsafeMutableRawPointer(keys + turn).storeBytes(of: ids &+ base, as: SIMD8<Int32>.self)
                    if checking { outOfRange |= ids | (SIMD8(repeating: seatCount &- 1) &- ids) }
                    turn &+= TileKeys.width
                } while turn < end
            } else {
                lastTurnsInRange = writeLastTurns(from: start, to: end) && lastTurnsInRange
            }
            start = end
            base &+= seatCount
        }

        /// The column's last few turns, where a vector load would pass its end: one at a
        /// time, out of line so that the hot path stays small. Returns whether their seat ids
        /// are in range.
        @inline(never)
        func writeLastTurns(from first: Int, to end: Int) -> Bool {
            var inRange = true
            for turn in first..<end {
                keys[turn] = base &+ seats[turn]
                inRange = inRange && seats[turn] >= 0 && seats[turn] < seatCount
            }
            return inRange
        }
    }
}
