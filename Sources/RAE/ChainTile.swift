/// One tile of whole episodes with its turns grouped into *chains*: the turns of one seat in
/// one episode, in order. A chain is SPIRAL's "player p's n turns in a game" and the unit
/// that discounting runs along.
///
/// The BLAS paths build one tile at a time into reused scratch, so the layout stays in cache
/// while the tile is packed, multiplied and unpacked.
struct ChainTile: ~Copyable {
    /// Turns in the tile.
    private(set) var turnCount = 0
    /// Chains in the tile.
    private(set) var chainCount = 0
    /// The batch index of the tile's first turn.
    private(set) var firstTurn = 0
    /// The longest chain in the tile.
    private(set) var maxChainLength = 0

    /// Per turn (indexed from the tile's first turn): its chain.
    private(set) var chainOfTurn = Scratch<Int32>(capacity: 0)
    /// Per turn: its index `i` among its chain's turns.
    private(set) var positionInChain = Scratch<Int32>(capacity: 0)
    /// Per chain: its number of turns `n`.
    private(set) var chainLength = Scratch<Int32>(capacity: 0)
    /// Per chain: its seat.
    private(set) var chainSeat = Scratch<Int32>(capacity: 0)
    /// Per chain: the batch index of its first turn.
    private(set) var chainFirstTurn = Scratch<Int32>(capacity: 0)
    /// Per chain: the batch index of its episode.
    private(set) var chainEpisode = Scratch<Int32>(capacity: 0)
    /// Per episode of the tile, and one past the last: its first chain. Chains are numbered in
    /// order of their seat's first turn in the episode.
    private(set) var episodeFirstChain = Scratch<Int32>(capacity: 0)
    /// Per seat: its chain in the episode being built, or -1.
    private var chainOfSeat: Scratch<Int32>

    init(seatCount: Int) {
        chainOfSeat = Scratch<Int32>(capacity: seatCount)
        chainOfSeat.fill(-1, count: seatCount)
    }

    /// Groups the turns of `episodes` (whole episodes starting at turn `firstTurn`) into chains.
    /// - Precondition: the batch has been validated.
    mutating func build(
        seats: UnsafeBufferPointer<Int32>, bounds: EpisodeBounds, episodes: Range<Int>, firstTurn: Int
    ) {
        var tileTurns = 0
        for episode in episodes { tileTurns &+= bounds.length(of: episode) }
        self.firstTurn = firstTurn
        turnCount = tileTurns
        chainOfTurn.reserve(tileTurns)
        positionInChain.reserve(tileTurns)
        // A tile has at most one chain per turn.
        chainLength.reserve(tileTurns)
        chainSeat.reserve(tileTurns)
        chainFirstTurn.reserve(tileTurns)
        chainEpisode.reserve(tileTurns)
        episodeFirstChain.reserve(episodes.count &+ 1)

        let chainOfTurn = chainOfTurn.pointer
        let positionInChain = positionInChain.pointer
        let chainLength = chainLength.pointer
        let chainSeat = chainSeat.pointer
        let chainFirstTurn = chainFirstTurn.pointer
        let chainEpisode = chainEpisode.pointer
        let episodeFirstChain = episodeFirstChain.pointer
        let chainOfSeat = chainOfSeat.pointer

        var chains = 0
        var longest: Int32 = 0
        var turn = firstTurn
        for (local, episode) in episodes.enumerated() {
            episodeFirstChain[local] = Int32(truncatingIfNeeded: chains)
            let firstChainOfEpisode = chains
            let end = turn &+ bounds.length(of: episode)
            while turn < end {
                let seat = Int(seats[turn])
                var chain = Int(chainOfSeat[seat])
                if chain < 0 {
                    chain = chains
                    chainOfSeat[seat] = Int32(truncatingIfNeeded: chain)
                    chainSeat[chain] = Int32(truncatingIfNeeded: seat)
                    chainLength[chain] = 0
                    chainFirstTurn[chain] = Int32(truncatingIfNeeded: turn)
                    chainEpisode[chain] = Int32(truncatingIfNeeded: episode)
                    chains &+= 1
                }
                let position = chainLength[chain]
                chainLength[chain] = position &+ 1
                longest = max(longest, position &+ 1)
                chainOfTurn[turn &- firstTurn] = Int32(truncatingIfNeeded: chain)
                positionInChain[turn &- firstTurn] = position
                turn &+= 1
            }
            for chain in firstChainOfEpisode..<chains { chainOfSeat[Int(chainSeat[chain])] = -1 }
        }
        episodeFirstChain[episodes.count] = Int32(truncatingIfNeeded: chains)
        chainCount = chains
        maxChainLength = Int(longest)
    }
}
