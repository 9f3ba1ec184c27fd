/// What every episode of a batch ended with, in episode order: enough for tournament
/// tables without recording trajectories.
public struct EpisodeResults: Sendable {
    /// Seats per game.
    public let seatCount: Int
    /// The index of the first episode of the batch in its run.
    public var firstEpisode: Int
    /// Final returns, `count x seatCount`.
    public var returns: [Double] = []
    /// Decisions per episode.
    public var lengths: [Int32] = []
    /// The role each seat held at the end, `count x seatCount`.
    public var roles: [Int32] = []
    /// Number of episodes.
    public var count: Int { lengths.count }

    /// An empty result list.
    public init(seatCount: Int, firstEpisode: Int) {
        self.seatCount = seatCount
        self.firstEpisode = firstEpisode
    }

    /// `seat`'s return in the `episode`-th episode of the batch.
    public func returnOf(episode: Int, seat: Int) -> Double { returns[episode * seatCount + seat] }

    /// `seat`'s role in the `episode`-th episode of the batch.
    public func roleOf(episode: Int, seat: Int) -> Int { Int(roles[episode * seatCount + seat]) }

    /// Sizes the lists for `count` episodes from `firstEpisode` on, in the storage they have.
    ///
    /// The engine reuses one value batch after batch, so that its lists stop allocating once
    /// they have the batch's size (allocating them per batch cost page faults on every batch:
    /// the allocator gave the freed megabytes back to the system each time). A caller that
    /// kept an earlier batch's results keeps them unchanged: the lists are copied on write.
    @usableFromInline
    mutating func reset(firstEpisode: Int, count: Int) {
        self.firstEpisode = firstEpisode
        Self.resize(&returns, to: count * seatCount)
        Self.resize(&lengths, to: count)
        Self.resize(&roles, to: count * seatCount)
    }

    @usableFromInline
    static func resize<Element: Numeric>(_ list: inout [Element], to count: Int) {
        if list.count > count {
            list.removeLast(list.count - count)
        } else if list.count < count {
            list.append(contentsOf: repeatElement(0, count: count - list.count))
        }
    }

    /// Calls `body` with the rows of every episode, for shards to write in place.
    @usableFromInline
    mutating func withRows<Result>(_ body: (ResultRows) throws -> Result) rethrows -> Result {
        let seatCount = seatCount
        return try returns.withUnsafeMutableBufferPointer { returns in
            try lengths.withUnsafeMutableBufferPointer { lengths in
                try roles.withUnsafeMutableBufferPointer { roles in
                    try body(ResultRows(seatCount: seatCount, returns: returns, lengths: lengths, roles: roles))
                }
            }
        }
    }
}

/// Where shards write the results of a batch's episodes: the storage of its `EpisodeResults`,
/// row `i` for the batch's `i`-th episode. Shards write disjoint rows.
@usableFromInline
struct ResultRows: @unchecked Sendable {
    @usableFromInline let seatCount: Int
    @usableFromInline let returns: UnsafeMutableBufferPointer<Double>
    @usableFromInline let lengths: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let roles: UnsafeMutableBufferPointer<Int32>

    @usableFromInline
    init(
        seatCount: Int, returns: UnsafeMutableBufferPointer<Double>, lengths: UnsafeMutableBufferPointer<Int32>,
        roles: UnsafeMutableBufferPointer<Int32>
    ) {
        self.seatCount = seatCount
        self.returns = returns
        self.lengths = lengths
        self.roles = roles
    }

    /// The rows from `row` on (a shard's first row at index 0).
    @inlinable
    func dropFirst(_ row: Int) -> ResultRows {
        ResultRows(
            seatCount: seatCount, returns: UnsafeMutableBufferPointer(rebasing: returns[(row * seatCount)...]),
            lengths: UnsafeMutableBufferPointer(rebasing: lengths[row...]), roles: UnsafeMutableBufferPointer(rebasing: roles[(row * seatCount)...]))
    }
}
