import RAE

/// The finished episodes of one vector that have not been sent yet, in columns, and the
/// code that turns them into one `TRAJECTORIES` message with RAE advantages.
final class TrajectoryCollector {
    let settings: TrajectorySettings
    let estimatorKey: String
    let seatCount: Int
    let roleNames: [String]
    let observationShape: [Int]
    let text: Bool

    // Per turn.
    private var seats: [Int32] = []
    private var roles: [Int32] = []
    private var turnIndices: [Int32] = []
    private var actions: [Int32] = []
    private var invalidTurns: [UInt8] = []
    private var rewards: [Float] = []
    private var observations: [Float] = []
    private var prompts: [String] = []
    private var replies: [String] = []
    private var actionTexts: [String] = []
    // Per episode.
    private var episodeIDs: [Int64] = []
    private var returns: [Float] = []
    private var lengths: [Int32] = []
    private var outcomes: [Int8] = []
    private var invalidEpisodes: [UInt8] = []
    private var truncatedEpisodes: [UInt8] = []
    private var seatRoles: [Int32] = []

    init(settings: TrajectorySettings, game: String, seatCount: Int, roleNames: [String], observationShape: [Int], text: Bool) {
        self.settings = settings
        self.estimatorKey = settings.estimatorKey(game: game)
        self.seatCount = seatCount
        self.roleNames = roleNames
        self.observationShape = observationShape
        self.text = text
    }

    /// Episodes waiting to be sent.
    var episodeCount: Int { lengths.count }

    /// Takes a finished episode's turns.
    func append(
        _ recording: EpisodeRecording, episodeID: Int64, finalReturns: [Double], seatRoles roles: [Int32],
        forfeited: Bool, truncated: Bool
    ) {
        seats += recording.seats
        self.roles += recording.roles
        turnIndices += (0..<Int32(recording.turnCount))
        actions += recording.actions
        invalidTurns += recording.invalid
        rewards += recording.rewards
        observations += recording.observations
        prompts += recording.prompts
        replies += recording.replies
        actionTexts += recording.actionTexts
        episodeIDs.append(episodeID)
        returns += finalReturns.map { Float($0) }
        lengths.append(Int32(recording.turnCount))
        outcomes.append(Self.outcome(finalReturns))
        invalidEpisodes.append(forfeited ? 1 : 0)
        truncatedEpisodes.append(truncated ? 1 : 0)
        seatRoles += roles
    }

    /// The seat with the strictly highest return, or -1 when the top is shared.
    static func outcome(_ returns: [Double]) -> Int8 {
        guard let best = returns.max() else { return -1 }
        let leaders = returns.indices.filter { returns[$0] == best }
        return leaders.count == 1 ? Int8(leaders[0]) : -1
    }

    /// Builds the message for every waiting episode (numbered from `firstSequence`), computes
    /// their advantages with `store`, and empties the collector.
    ///
    /// - Throws: `RAEError` or `ZMQError` (server bugs or out of memory).
    func makeMessage(firstSequence: UInt64, vectorID: UInt64, game: String, store: BaselineStore) throws -> OutgoingMessage {
        let episodes = episodeCount
        let turns = seats.count
        var advantages = [Float](repeating: 0, count: turns)
        let roleCount = max(roleNames.count, 1)
        let baselines = try seats.withUnsafeBufferPointer { seats in
            try roles.withUnsafeBufferPointer { roles in
                try lengths.withUnsafeBufferPointer { lengths in
                    try returns.withUnsafeBufferPointer { returns in
                        try advantages.withUnsafeMutableBufferPointer { output in
                            let batch = TurnBatch(seats: seats, roles: roles, episodes: .lengths(lengths), seatCount: seatCount, finalReturns: returns)
                            return try store.estimate(key: estimatorKey, roleCount: roleCount, settings: settings, batch: batch, into: output)
                        }
                    }
                }
            }
        }
        var message = OutgoingMessage(kind: .trajectories, requestID: 0, isReply: false)
        var body = WireTrajectoryBatch()
        body.firstSequence = firstSequence
        body.episodeCount = UInt32(episodes)
        body.turnCount = UInt32(turns)
        body.vectorID = vectorID
        body.game = game
        body.mode = text ? .text : .tensor
        body.seatCount = UInt32(seatCount)
        body.roleNames = roleNames
        body.baselines = baselines
        message.header.trajectories = body
        try message.addArray("sequence", (0..<UInt64(episodes)).map { firstSequence + $0 })
        try message.addArray("episode_ids", episodeIDs)
        try message.addArray("returns", returns, shape: [episodes, seatCount])
        try message.addArray("lengths", lengths)
        try message.addArray("outcomes", outcomes)
        try message.addArray("invalid_episodes", invalidEpisodes)
        try message.addArray("truncated_episodes", truncatedEpisodes)
        try message.addArray("seat_roles", seatRoles, shape: [episodes, seatCount])
        try message.addArray("seats", seats)
        try message.addArray("roles", roles)
        try message.addArray("turn_indices", turnIndices)
        try message.addArray("actions", actions)
        try message.addArray("invalid_turns", invalidTurns)
        try message.addArray("rewards", rewards)
        try message.addArray("advantages", advantages)
        if text {
            try message.addTexts("prompts", prompts)
            try message.addTexts("replies", replies)
            try message.addTexts("action_texts", actionTexts)
        } else {
            try message.addArray("observations", observations, shape: [turns] + observationShape)
            if settings.actionTexts { try message.addTexts("action_texts", actionTexts) }
        }
        removeAll()
        return message
    }

    private func removeAll() {
        seats.removeAll(keepingCapacity: true)
        roles.removeAll(keepingCapacity: true)
        turnIndices.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        invalidTurns.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        observations.removeAll(keepingCapacity: true)
        prompts.removeAll(keepingCapacity: true)
        replies.removeAll(keepingCapacity: true)
        actionTexts.removeAll(keepingCapacity: true)
        episodeIDs.removeAll(keepingCapacity: true)
        returns.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        invalidEpisodes.removeAll(keepingCapacity: true)
        truncatedEpisodes.removeAll(keepingCapacity: true)
        seatRoles.removeAll(keepingCapacity: true)
    }
}
