import Games

/// Recorded trajectories in columns (struct of arrays), ready for BLAS and for zero-copy
/// frames: one row per decision (chance steps are not decisions), one row per episode.
///
/// `removeAll()` keeps the storage, so a buffer reused batch after batch stops allocating
/// once it has grown to the largest batch.
public final class TrajectoryBuffer: @unchecked Sendable {
    /// Floats per observation (the game's observation shape, flattened).
    public let observationSize: Int
    /// Bytes per legal mask (the game's action count).
    public let actionCount: Int
    /// Seats per game (columns of `rewards` and `returns`).
    public let seatCount: Int

    // Per decision.
    /// The acting seat's observation before acting, `stepCount x observationSize`.
    public let observations = Column<Float>()
    /// The legal mask before acting (1 legal, 0 not), `stepCount x actionCount`.
    public let legalMasks = Column<UInt8>()
    /// The acting seat.
    public let seats = Column<Int32>()
    /// The role the acting seat held.
    public let roles = Column<Int32>()
    /// The action index played.
    public let actions = Column<Int32>()
    /// Every seat's reward for this step (the change of its return up to the next decision), `stepCount x seatCount`.
    public let rewards = Column<Float>()
    /// The episode's index in its run.
    public let episodeIDs = Column<Int64>()
    /// The decision's index within its episode.
    public let stepIndices = Column<Int32>()
    /// 1 on an episode's last decision.
    public let terminals = Column<UInt8>()

    // Per episode.
    /// The episode's index in its run.
    public let episodeIndex = Column<Int64>()
    /// Final returns, `episodeCount x seatCount`.
    public let returns = Column<Float>()
    /// Decisions in the episode.
    public let lengths = Column<Int32>()
    /// The seat with the strictly highest return, or -1 when the top return is shared (a draw).
    public let outcomes = Column<Int8>()

    /// An empty buffer for a game's sizes.
    public init(observationSize: Int, actionCount: Int, seatCount: Int) {
        self.observationSize = observationSize
        self.actionCount = actionCount
        self.seatCount = seatCount
    }

    /// Decisions recorded.
    public var stepCount: Int { seats.count }
    /// Episodes recorded.
    public var episodeCount: Int { lengths.count }

    // The engine writes rows through pointers and counts them here; `commitRows()` then
    // sets every column's count at once instead of nine increments per step.
    @usableFromInline @exclusivity(unchecked) var pendingSteps = 0
    @usableFromInline @exclusivity(unchecked) var pendingEpisodes = 0

    /// Makes the rows written so far visible in every column.
    @usableFromInline
    func commitRows() {
        observations.count = pendingSteps * observationSize
        legalMasks.count = pendingSteps * actionCount
        seats.count = pendingSteps
        roles.count = pendingSteps
        actions.count = pendingSteps
        rewards.count = pendingSteps * seatCount
        episodeIDs.count = pendingSteps
        stepIndices.count = pendingSteps
        terminals.count = pendingSteps
        episodeIndex.count = pendingEpisodes
        returns.count = pendingEpisodes * seatCount
        lengths.count = pendingEpisodes
        outcomes.count = pendingEpisodes
    }

    /// Forgets the contents, keeping the storage.
    public func removeAll() {
        pendingSteps = 0
        pendingEpisodes = 0
        observations.count = 0
        legalMasks.count = 0
        seats.count = 0
        roles.count = 0
        actions.count = 0
        rewards.count = 0
        episodeIDs.count = 0
        stepIndices.count = 0
        terminals.count = 0
        episodeIndex.count = 0
        returns.count = 0
        lengths.count = 0
        outcomes.count = 0
    }

    /// Bytes of storage per recorded decision (all per-step columns).
    public var bytesPerStep: Int {
        observationSize * 4 + actionCount + 4 * 3 + seatCount * 4 + 8 + 4 + 1
    }

    /// Bytes reserved by every column.
    public var reservedBytes: Int {
        [observations.reservedBytes, legalMasks.reservedBytes, seats.reservedBytes, roles.reservedBytes,
         actions.reservedBytes, rewards.reservedBytes, episodeIDs.reservedBytes, stepIndices.reservedBytes,
         terminals.reservedBytes, episodeIndex.reservedBytes, returns.reservedBytes, lengths.reservedBytes,
         outcomes.reservedBytes].reduce(0, +)
    }

    /// Makes room for `steps` more decisions and one more episode.
    @usableFromInline
    func reserve(steps: Int) {
        let needed = pendingSteps + steps
        observations.reserve(needed * observationSize)
        legalMasks.reserve(needed * actionCount)
        seats.reserve(needed)
        roles.reserve(needed)
        actions.reserve(needed)
        rewards.reserve(needed * seatCount)
        episodeIDs.reserve(needed)
        stepIndices.reserve(needed)
        terminals.reserve(needed)
        let episodes = pendingEpisodes + 1
        episodeIndex.reserve(episodes)
        returns.reserve(episodes * seatCount)
        lengths.reserve(episodes)
        outcomes.reserve(episodes)
    }
}

extension TrajectoryBuffer {
    /// Puts rows recorded in interleaved order back in (episode, step) order.
    @usableFromInline
    func sortByEpisode() {
        commitRows()
        let steps = Array(episodeIDs.buffer)
        // Stable: within an episode, rows are already in step order.
        let stepOrder = steps.indices.sorted { (steps[$0], $0) < (steps[$1], $1) }
        observations.permuteRows(stepOrder, rowSize: observationSize)
        legalMasks.permuteRows(stepOrder, rowSize: actionCount)
        seats.permuteRows(stepOrder, rowSize: 1)
        roles.permuteRows(stepOrder, rowSize: 1)
        actions.permuteRows(stepOrder, rowSize: 1)
        rewards.permuteRows(stepOrder, rowSize: seatCount)
        episodeIDs.permuteRows(stepOrder, rowSize: 1)
        stepIndices.permuteRows(stepOrder, rowSize: 1)
        terminals.permuteRows(stepOrder, rowSize: 1)
        let finished = Array(episodeIndex.buffer)
        let episodeOrder = finished.indices.sorted { finished[$0] < finished[$1] }
        episodeIndex.permuteRows(episodeOrder, rowSize: 1)
        returns.permuteRows(episodeOrder, rowSize: seatCount)
        lengths.permuteRows(episodeOrder, rowSize: 1)
        outcomes.permuteRows(episodeOrder, rowSize: 1)
    }
}
