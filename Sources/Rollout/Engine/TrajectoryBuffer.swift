import Games

/// Recorded trajectories in columns (struct of arrays), ready for BLAS and for zero-copy
/// frames: one row per decision (chance steps are not decisions), one row per episode.
///
/// `removeAll()` keeps the storage, so a buffer reused batch after batch stops allocating
/// once it has grown to the largest batch. For that reason a buffer is valid only during the
/// `RolloutEngine.run` callback that hands it out, and it is not `Sendable`.
public final class TrajectoryBuffer {
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
        storages = Self.columns.map { $0.storage(self) }
    }

    /// Decisions recorded.
    public var stepCount: Int { seats.count }
    /// Episodes recorded.
    public var episodeCount: Int { lengths.count }

    // The engine writes rows through pointers and counts them here; `commitRows()` then
    // sets every column's count at once instead of an increment per column per step.
    @usableFromInline @exclusivity(unchecked) var pendingSteps = 0
    @usableFromInline @exclusivity(unchecked) var pendingEpisodes = 0
    /// Rows every column has room for, so that `reserve(steps:)` checks two numbers, not 13 columns.
    @usableFromInline @exclusivity(unchecked) var reservedSteps = 0
    @usableFromInline @exclusivity(unchecked) var reservedEpisodes = 0

    /// Every column, in file order: the one list the operations below iterate.
    public static let columns = [
        TrajectoryColumn("observations", .steps, .observation, \.observations),
        TrajectoryColumn("legal_masks", .steps, .legalMask, \.legalMasks),
        TrajectoryColumn("seats", .steps, .scalar, \.seats),
        TrajectoryColumn("roles", .steps, .scalar, \.roles),
        TrajectoryColumn("actions", .steps, .scalar, \.actions),
        TrajectoryColumn("rewards", .steps, .seats, \.rewards),
        TrajectoryColumn("episode_ids", .steps, .scalar, \.episodeIDs),
        TrajectoryColumn("step_indices", .steps, .scalar, \.stepIndices),
        TrajectoryColumn("terminals", .steps, .scalar, \.terminals),
        TrajectoryColumn("episode_index", .episodes, .scalar, \.episodeIndex),
        TrajectoryColumn("returns", .episodes, .seats, \.returns),
        TrajectoryColumn("lengths", .episodes, .scalar, \.lengths),
        TrajectoryColumn("outcomes", .episodes, .scalar, \.outcomes),
    ]

    /// This buffer's storage of each of `columns`, in the same order.
    private var storages: [any ColumnStorage] = []

    /// Elements per row of a column in this buffer.
    func rowSize(_ column: TrajectoryColumn) -> Int {
        column.rowShape(observationShape: [observationSize], actionCount: actionCount, seatCount: seatCount).reduce(1, *)
    }

    /// Rows written so far in a column's table.
    private func rows(_ table: TrajectoryColumn.Table) -> Int {
        table == .steps ? pendingSteps : pendingEpisodes
    }

    /// The valid bytes of a column, without copying. Invalidated by the next batch.
    func bytes(of column: TrajectoryColumn) -> UnsafeRawBufferPointer {
        column.storage(self).bytes
    }

    /// Makes the rows written so far visible in every column.
    @usableFromInline
    func commitRows() {
        for (column, storage) in zip(Self.columns, storages) { storage.count = rows(column.table) * rowSize(column) }
    }

    /// Forgets the contents, keeping the storage.
    public func removeAll() {
        pendingSteps = 0
        pendingEpisodes = 0
        commitRows()
    }

    /// Bytes of storage per recorded decision (all per-step columns).
    public var bytesPerStep: Int {
        Self.columns.filter { $0.table == .steps }.reduce(0) { $0 + $1.elementBytes * rowSize($1) }
    }

    /// Bytes reserved by every column.
    public var reservedBytes: Int {
        storages.reduce(0) { $0 + $1.reservedBytes }
    }

    /// Makes room for `steps` more decisions and one more episode.
    ///
    /// Inlined, with the growing out of line: the recording loop asks once an episode, and
    /// almost always there is room.
    @inlinable @inline(__always)
    func reserve(steps: Int) {
        let neededSteps = pendingSteps &+ steps
        let neededEpisodes = pendingEpisodes &+ 1
        guard neededSteps > reservedSteps || neededEpisodes > reservedEpisodes else { return }
        grow(steps: neededSteps, episodes: neededEpisodes)
    }

    /// Grows every column to hold `neededSteps` decisions and `neededEpisodes` episodes.
    @usableFromInline @inline(never)
    func grow(steps neededSteps: Int, episodes neededEpisodes: Int) {
        var roomForSteps = Int.max
        var roomForEpisodes = Int.max
        for (column, storage) in zip(Self.columns, storages) {
            let rowSize = Swift.max(rowSize(column), 1)
            let needed = column.table == .steps ? neededSteps : neededEpisodes
            storage.reserve(needed * rowSize)
            if column.table == .steps {
                roomForSteps = Swift.min(roomForSteps, storage.capacity / rowSize)
            } else {
                roomForEpisodes = Swift.min(roomForEpisodes, storage.capacity / rowSize)
            }
        }
        reservedSteps = roomForSteps
        reservedEpisodes = roomForEpisodes
    }
}

extension TrajectoryBuffer {
    /// Puts rows recorded in interleaved order back in (episode, step) order.
    @usableFromInline
    func sortByEpisode() {
        commitRows()
        let stepEpisodes = Array(episodeIDs.buffer)
        // Stable: within an episode, rows are already in step order.
        let stepOrder = stepEpisodes.indices.sorted { (stepEpisodes[$0], $0) < (stepEpisodes[$1], $1) }
        let finished = Array(episodeIndex.buffer)
        let episodeOrder = finished.indices.sorted { finished[$0] < finished[$1] }
        for (column, storage) in zip(Self.columns, storages) {
            storage.permuteRows(column.table == .steps ? stepOrder : episodeOrder, rowSize: rowSize(column))
        }
    }
}

/// A buffer is refilled by the next batch: it must not be sent to another thread to outlive it.
@available(*, unavailable)
extension TrajectoryBuffer: Sendable {}
