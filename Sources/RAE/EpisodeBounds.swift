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

    /// Calls `body` with runs of whole episodes of about `tileSize` turns plus episodes, in order.
    ///
    /// Work on a run stays in cache, which is why the BLAS paths and the checks go tile by
    /// tile rather than making one pass over the whole batch per step. Episodes count as well
    /// as turns because per-entry tables grow with them. A single episode longer than
    /// `tileSize` is a tile of its own.
    /// - Parameters:
    ///   - tileSize: the number of turns plus episodes after which a tile is closed.
    ///   - body: receives the tile's episodes and the index of its first turn.
    func forEachTile(
        tileSize: Int, _ body: (_ episodes: Range<Int>, _ firstTurn: Int) throws -> Void
    ) rethrows {
        var tileStartEpisode = 0
        var tileStartTurn = 0
        var turn = 0
        for episode in 0..<episodeCount {
            // `length(of:)` switches on the case; cheap next to a tile's work, and this loop is
            // the only per-episode one left on the BLAS paths.
            turn &+= length(of: episode)
            if turn &- tileStartTurn &+ episode &- tileStartEpisode >= tileSize {
                try body(tileStartEpisode..<(episode &+ 1), tileStartTurn)
                tileStartEpisode = episode &+ 1
                tileStartTurn = turn
            }
        }
        if tileStartEpisode < episodeCount {
            try body(tileStartEpisode..<episodeCount, tileStartTurn)
        }
    }
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
