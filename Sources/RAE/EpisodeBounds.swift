/// Where each episode's turns sit in the flat per-turn columns of a batch.
///
/// Episodes are stored one after another, so either their lengths or their start offsets
/// (plus one end offset) describe them. RAE reads whichever the producer already has, so
/// neither has to be converted into the other.
public enum EpisodeBounds {
    /// One turn count per episode; episode `e` follows episode `e - 1` directly.
    case lengths(UnsafeBufferPointer<Int32>)
    /// `episodeCount + 1` offsets: episode `e` covers turns `offsets[e]..<offsets[e + 1]`.
    case offsets(UnsafeBufferPointer<Int32>)

    /// The number of episodes described.
    public var episodeCount: Int {
        switch self {
        case .lengths(let lengths): return lengths.count
        case .offsets(let offsets): return Swift.max(offsets.count - 1, 0)
        }
    }

    /// The number of turns of episode `episode`; valid only after validation.
    @inline(__always)
    func length(of episode: Int) -> Int {
        switch self {
        case .lengths(let lengths): return Int(lengths[episode])
        case .offsets(let offsets): return Int(offsets[episode &+ 1] &- offsets[episode])
        }
    }

    /// Calls `body` with the length of each of `episodes` in order, deciding between lengths
    /// and offsets once rather than per episode (Kuhn-sized batches have 400k episodes).
    @inline(__always)
    func forEachLength(in episodes: Range<Int>, _ body: (Int) -> Void) {
        switch self {
        case .lengths(let lengths):
            for episode in episodes { body(Int(lengths[episode])) }
        case .offsets(let offsets):
            for episode in episodes { body(Int(offsets[episode &+ 1] &- offsets[episode])) }
        }
    }

    /// The most turns any of `episodes` has (0 for none); valid only after validation.
    ///
    /// Eight episodes at a time, without branches: a compare-and-branch loop mispredicted
    /// about every other one of Kuhn's random 2- and 3-turn episodes, a tenth of the time of
    /// its returns and GAE.
    func longestEpisode(in episodes: Range<Int>) -> Int {
        let width = 8
        var longest = SIMD8<Int32>()
        var episode = episodes.lowerBound
        switch self {
        case .lengths(let lengths):
            guard let base = lengths.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
            while episode &+ width <= episodes.upperBound {
                longest = pointwiseMax(longest, base.loadUnaligned(fromByteOffset: episode &* 4, as: SIMD8<Int32>.self))
                episode &+= width
            }
        case .offsets(let offsets):
            guard let base = offsets.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
            // `episode + 8 < offsets.count` holds: `episodes.upperBound < offsets.count`.
            while episode &+ width <= episodes.upperBound {
                let starts = base.loadUnaligned(fromByteOffset: episode &* 4, as: SIMD8<Int32>.self)
                let ends = base.loadUnaligned(fromByteOffset: (episode &+ 1) &* 4, as: SIMD8<Int32>.self)
                longest = pointwiseMax(longest, ends &- starts)
                episode &+= width
            }
        }
        var result = Int(longest.max())
        while episode < episodes.upperBound {
            result = Swift.max(result, length(of: episode))
            episode &+= 1
        }
        return result
    }

    /// Calls `body` with runs of whole episodes of about `tileSize` turns plus episodes, in order.
    ///
    /// Work on a run stays in cache, which is why the BLAS paths and the checks go tile by
    /// tile rather than making one pass over the whole batch per step. Episodes count as well
    /// as turns because per-entry tables grow with them. A single episode longer than
    /// `tileSize` is a tile of its own.
    /// - Parameters:
    ///   - tileSize: the number of turns plus episodes after which a tile is closed.
    ///   - body: receives each tile.
    func forEachTile(tileSize: Int, _ body: (EpisodeTile) throws -> Void) rethrows {
        // One switch outside the loop: Kuhn-sized batches have 400k episodes.
        switch self {
        case .lengths(let lengths):
            var tile = EpisodeTile(episodes: 0..<0, firstTurn: 0, turnCount: 0)
            var episode = 0
            while episode < lengths.count {
                // Whole blocks of episodes that cannot close the tile are added with one
                // vectorised sum: Kuhn-sized batches have 400k episodes of 2 or 3 turns.
                let block = 32
                if episode &+ block <= lengths.count {
                    var blockTurns = 0
                    for offset in 0..<block { blockTurns &+= Int(lengths[episode &+ offset]) }
                    if tile.turnCount &+ blockTurns &+ (episode &+ block &- tile.episodes.lowerBound) < tileSize {
                        tile.turnCount &+= blockTurns
                        episode &+= block
                        continue
                    }
                }
                defer { episode &+= 1 }
                tile.turnCount &+= Int(lengths[episode])
                if tile.turnCount &+ episode &- tile.episodes.lowerBound >= tileSize {
                    tile.episodes = tile.episodes.lowerBound..<(episode &+ 1)
                    try body(tile)
                    tile = EpisodeTile(
                        episodes: (episode &+ 1)..<(episode &+ 1), firstTurn: tile.firstTurn &+ tile.turnCount,
                        turnCount: 0)
                }
            }
            if tile.episodes.lowerBound < lengths.count {
                tile.episodes = tile.episodes.lowerBound..<lengths.count
                try body(tile)
            }
        case .offsets(let offsets):
            let episodeCount = self.episodeCount
            var first = 0
            for episode in 0..<episodeCount {
                let end = Int(offsets[episode &+ 1])
                if end &- Int(offsets[first]) &+ episode &- first >= tileSize {
                    try body(tileOfOffsets(offsets, first..<(episode &+ 1)))
                    first = episode &+ 1
                }
            }
            if first < episodeCount { try body(tileOfOffsets(offsets, first..<episodeCount)) }
        }
    }

    private func tileOfOffsets(_ offsets: UnsafeBufferPointer<Int32>, _ episodes: Range<Int>) -> EpisodeTile {
        let start = Int(offsets[episodes.lowerBound])
        return EpisodeTile(
            episodes: episodes, firstTurn: start, turnCount: Int(offsets[episodes.upperBound]) &- start)
    }
}

/// A run of whole episodes that is worked on while it stays in cache.
struct EpisodeTile {
    /// The episodes, as batch indices.
    var episodes: Range<Int>
    /// The batch index of the first episode's first turn.
    var firstTurn: Int
    /// The number of turns of the episodes.
    var turnCount: Int
}

/// Episode lengths or offsets held in arrays, for callers that own their columns as arrays.
public enum EpisodeBoundsArray: Sendable, Equatable {
    /// One turn count per episode.
    case lengths([Int32])
    /// `episodeCount + 1` offsets, starting at 0 and ending at the number of turns.
    case offsets([Int32])

    /// Lends the arrays' storage as an ``EpisodeBounds`` for the duration of `body`.
    /// - Parameter body: the work to do with the bounds; they must not escape it.
    /// - Returns: what `body` returns.
    public func withBounds<R>(_ body: (EpisodeBounds) throws -> R) rethrows -> R {
        switch self {
        case .lengths(let lengths):
            return try lengths.withUnsafeBufferPointer { try body(.lengths($0)) }
        case .offsets(let offsets):
            return try offsets.withUnsafeBufferPointer { try body(.offsets($0)) }
        }
    }
}
