/// The per-turn *entry keys* of one tile of whole episodes.
///
/// An entry is one (episode, seat) pair of the tile, numbered
/// `(episode - firstEpisode) * seatCount + seat`: the index of the seat's final return in the
/// tile's slice of `finalReturns`, and the row of the seat's turns in the padded layouts. A
/// player's turns in a game (SPIRAL's "player p's n turns") are the turns sharing a key.
///
/// Keys are computed by flat loops over turns, not a loop per episode: short episodes of
/// random length (Kuhn's 2 or 3 turns) would otherwise cost a mispredicted loop exit each.
struct TileKeys: ~Copyable {
    /// Turns plus episodes per tile: small enough that a tile's keys, per-entry tables and
    /// padded blocks stay in the 512 KiB L2 cache, large enough that per-tile costs vanish.
    static let tileSize = 8192

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

    /// Computes the keys of the tile's turns.
    /// - Parameter visit: called with each turn (counted from the tile's first) and its key, in
    ///   order, from inside the loop that computes the keys, so callers fold their per-turn
    ///   work into this pass instead of making another.
    /// - Precondition: the episode bounds and seat ids have been validated.
    @inline(__always)
    mutating func build(
        seats: UnsafeBufferPointer<Int32>, bounds: EpisodeBounds, tile: EpisodeTile, seatCount: Int,
        visit: (_ turn: Int, _ key: Int) -> Void = { _, _ in }
    ) {
        let episodes = tile.episodes
        let firstTurn = tile.firstTurn
        let turns = tile.turnCount
        self.firstTurn = firstTurn
        firstEpisode = episodes.lowerBound
        turnCount = turns
        entryCount = episodes.count &* seatCount
        keys.reserve(turns)
        let keys = keys.pointer
        keys.update(repeating: 0, count: turns)
        // Mark where each episode starts; empty episodes stack their marks on the next start.
        // (One switch outside the loop: Kuhn-sized batches have 400k episodes.)
        switch bounds {
        case .lengths(let lengths):
            var start = 0
            for episode in episodes {
                if start < turns { keys[start] &+= 1 }
                start &+= Int(lengths[episode])
            }
        case .offsets(let offsets):
            let base = Int(offsets[episodes.lowerBound])
            for episode in episodes {
                let start = Int(offsets[episode]) &- base
                if start < turns { keys[start] &+= 1 }
            }
        }
        // A running sum of the marks is the episode index (plus one) of every turn.
        guard let seats = seats.baseAddress.map({ $0 + firstTurn }) else { return }
        let seatCount = Int32(truncatingIfNeeded: seatCount)
        var episode: Int32 = -1
        for turn in 0..<turns {
            episode &+= keys[turn]
            let key = episode &* seatCount &+ seats[turn]
            keys[turn] = key
            visit(turn, Int(key))
        }
    }
}
