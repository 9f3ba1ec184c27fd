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

    @usableFromInline
    mutating func append(_ other: EpisodeResults) {
        returns += other.returns
        lengths += other.lengths
        roles += other.roles
    }
}
