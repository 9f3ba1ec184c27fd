/// A batch of finished games as SPIRAL's estimator reads it: a view over columns the caller
/// owns, so nothing is copied.
///
/// Per turn: the acting seat and its role id. Per episode and seat: the seat's final return,
/// stored episode-major (`finalReturns[episode * seatCount + seat]`), which is how Rollout's
/// trajectory buffers keep them, and optionally its role (`seatRoles`, the same layout). A
/// seat's *turns* in an episode are the turns it acted in; a seat with no turns has no
/// advantage, and its return moves its role's baseline only under ``PlayerRule/everySeat``,
/// which takes that role from `seatRoles`.
///
/// The buffers must stay alive and unchanged while the batch is in use.
public struct TurnBatch {
    /// The acting seat of each turn, in `0..<seatCount`.
    public let seats: UnsafeBufferPointer<Int32>
    /// The role id of the acting seat at each turn; constant for a seat within an episode.
    public let roles: UnsafeBufferPointer<Int32>
    /// Where each episode's turns are.
    public let episodes: EpisodeBounds
    /// Seats per episode (the width of `finalReturns`).
    public let seatCount: Int
    /// Each seat's final return in each episode, episode-major.
    public let finalReturns: UnsafeBufferPointer<Float>
    /// Each seat's role id in each episode, episode-major; read only for seats without turns
    /// (a seat that acted has its turns' role). Nil when not known: then a seat without turns
    /// under ``PlayerRule/everySeat`` is refused with ``RAEError/seatRoleUnknown(episode:seat:)``.
    public let seatRoles: UnsafeBufferPointer<Int32>?

    /// The number of turns (transitions) in the batch.
    public var turnCount: Int { seats.count }

    /// Makes a view over caller-owned columns; nothing is checked until the batch is used.
    /// - Parameters:
    ///   - seats: the acting seat of each turn.
    ///   - roles: the role id of the acting seat at each turn.
    ///   - episodes: episode lengths or offsets.
    ///   - seatCount: seats per episode.
    ///   - finalReturns: `episodeCount * seatCount` final returns, episode-major.
    ///   - seatRoles: `episodeCount * seatCount` role ids, episode-major, or nil.
    public init(
        seats: UnsafeBufferPointer<Int32>, roles: UnsafeBufferPointer<Int32>,
        episodes: EpisodeBounds, seatCount: Int, finalReturns: UnsafeBufferPointer<Float>,
        seatRoles: UnsafeBufferPointer<Int32>? = nil
    ) {
        self.seats = seats
        self.roles = roles
        self.episodes = episodes
        self.seatCount = seatCount
        self.finalReturns = finalReturns
        self.seatRoles = seatRoles
    }

    /// Lends arrays as a ``TurnBatch`` for the duration of `body`, without copying them.
    /// - Parameters:
    ///   - seats: the acting seat of each turn.
    ///   - roles: the role id of the acting seat at each turn.
    ///   - episodes: episode lengths or offsets.
    ///   - seatCount: seats per episode.
    ///   - finalReturns: `episodeCount * seatCount` final returns, episode-major.
    ///   - seatRoles: `episodeCount * seatCount` role ids, episode-major, or nil.
    ///   - body: the work to do with the batch; the batch must not escape it.
    /// - Returns: what `body` returns.
    public static func withArrays<R>(
        seats: [Int32], roles: [Int32], episodes: EpisodeBoundsArray, seatCount: Int,
        finalReturns: [Float], seatRoles: [Int32]? = nil, _ body: (TurnBatch) throws -> R
    ) rethrows -> R {
        try seats.withUnsafeBufferPointer { seats in
            try roles.withUnsafeBufferPointer { roles in
                try finalReturns.withUnsafeBufferPointer { finalReturns in
                    try (seatRoles ?? []).withUnsafeBufferPointer { seatRoleBuffer in
                        try episodes.withBounds { episodes in
                            try body(
                                TurnBatch(
                                    seats: seats, roles: roles, episodes: episodes, seatCount: seatCount,
                                    finalReturns: finalReturns, seatRoles: seatRoles == nil ? nil : seatRoleBuffer))
                        }
                    }
                }
            }
        }
    }
}

/// A batch of finished episodes with per-step rewards, for discounted returns and GAE.
///
/// Discounting runs along each seat's own turns in an episode (its *chain*): the reward at a
/// turn is the acting seat's, and the value estimate is the acting seat's. A single-agent
/// batch puts every turn in seat 0. Episodes are complete: the value after a chain's last
/// turn is 0.
///
/// The buffers must stay alive and unchanged while the batch is in use.
public struct StepBatch {
    /// The acting seat of each turn, in `0..<seatCount`.
    public let seats: UnsafeBufferPointer<Int32>
    /// Where each episode's turns are.
    public let episodes: EpisodeBounds
    /// Seats per episode.
    public let seatCount: Int
    /// The acting seat's reward at each turn.
    public let rewards: UnsafeBufferPointer<Float>
    /// The acting seat's value estimate at each turn; needed for GAE only.
    public let values: UnsafeBufferPointer<Float>?

    /// The number of turns (transitions) in the batch.
    public var turnCount: Int { seats.count }

    /// Makes a view over caller-owned columns; nothing is checked until the batch is used.
    /// - Parameters:
    ///   - seats: the acting seat of each turn.
    ///   - episodes: episode lengths or offsets.
    ///   - seatCount: seats per episode.
    ///   - rewards: the acting seat's reward at each turn.
    ///   - values: the acting seat's value estimate at each turn, for GAE.
    public init(
        seats: UnsafeBufferPointer<Int32>, episodes: EpisodeBounds, seatCount: Int,
        rewards: UnsafeBufferPointer<Float>, values: UnsafeBufferPointer<Float>? = nil
    ) {
        self.seats = seats
        self.episodes = episodes
        self.seatCount = seatCount
        self.rewards = rewards
        self.values = values
    }

    /// Lends arrays as a ``StepBatch`` for the duration of `body`, without copying them.
    /// - Parameters:
    ///   - seats: the acting seat of each turn.
    ///   - episodes: episode lengths or offsets.
    ///   - seatCount: seats per episode.
    ///   - rewards: the acting seat's reward at each turn.
    ///   - values: the acting seat's value estimate at each turn, for GAE.
    ///   - body: the work to do with the batch; the batch must not escape it.
    /// - Returns: what `body` returns.
    public static func withArrays<R>(
        seats: [Int32], episodes: EpisodeBoundsArray, seatCount: Int, rewards: [Float],
        values: [Float]? = nil, _ body: (StepBatch) throws -> R
    ) rethrows -> R {
        try seats.withUnsafeBufferPointer { seats in
            try rewards.withUnsafeBufferPointer { rewards in
                try episodes.withBounds { episodes in
                    guard let values else {
                        return try body(
                            StepBatch(
                                seats: seats, episodes: episodes, seatCount: seatCount,
                                rewards: rewards))
                    }
                    return try values.withUnsafeBufferPointer { values in
                        try body(
                            StepBatch(
                                seats: seats, episodes: episodes, seatCount: seatCount,
                                rewards: rewards, values: values))
                    }
                }
            }
        }
    }
}
