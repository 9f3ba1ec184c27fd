import RAE

/// The finished episodes of one vector that have not been sent yet, and the code that turns
/// them into one `TRAJECTORIES` message with RAE advantages.
///
/// A finished episode's recording is kept as it is (the slot gets a spare one) and copied
/// once, straight into the message's frames: an intermediate copy into columns here cost
/// as much as recording the turns.
final class TrajectoryCollector {
    let settings: TrajectorySettings
    let estimatorKey: String
    let seatCount: Int
    let roleNames: [String]
    let observationShape: [Int]
    let text: Bool

    // Per finished episode. Only the server thread touches these.
    @exclusivity(unchecked) private var finished: [EpisodeRecording] = []
    @exclusivity(unchecked) private var episodeIDs: [Int64] = []
    @exclusivity(unchecked) private var returns: [Float] = []
    @exclusivity(unchecked) private var outcomes: [Int8] = []
    @exclusivity(unchecked) private var invalidEpisodes: [UInt8] = []
    @exclusivity(unchecked) private var truncatedEpisodes: [UInt8] = []
    @exclusivity(unchecked) private var seatRoles: [Int32] = []
    /// Emptied recordings, handed back to slots.
    @exclusivity(unchecked) private var spare: [EpisodeRecording] = []

    init(settings: TrajectorySettings, game: String, seatCount: Int, roleNames: [String], observationShape: [Int], text: Bool) {
        self.settings = settings
        self.estimatorKey = settings.estimatorKey(game: game)
        self.seatCount = seatCount
        self.roleNames = roleNames
        self.observationShape = observationShape
        self.text = text
    }

    /// Episodes waiting to be sent.
    var episodeCount: Int { finished.count }

    /// An empty recording for a slot's next episode.
    func takeRecording() -> EpisodeRecording {
        spare.popLast() ?? EpisodeRecording(seatCount: seatCount)
    }

    /// Takes a finished episode's recording (the caller gives its slot a new one).
    ///
    /// - Parameters:
    ///   - finalReturns: every seat's final return.
    ///   - seatRole: the role of a seat at the end.
    func append(
        _ recording: EpisodeRecording, episodeID: Int64, finalReturns: UnsafeBufferPointer<Double>, seatRole: (Int) -> Int32,
        forfeited: Bool, truncated: Bool
    ) {
        finished.append(recording)
        episodeIDs.append(episodeID)
        for value in finalReturns { returns.append(Float(value)) }
        outcomes.append(Self.outcome(finalReturns))
        invalidEpisodes.append(forfeited ? 1 : 0)
        truncatedEpisodes.append(truncated ? 1 : 0)
        for seat in 0..<seatCount { seatRoles.append(seatRole(seat)) }
    }

    /// The seat with the strictly highest return, or -1 when the top is shared.
    static func outcome<Returns: Collection<Double>>(_ returns: Returns) -> Int8 where Returns.Index == Int {
        var leader = -1
        var best = -Double.infinity
        var shared = false
        for seat in returns.indices {
            let value = returns[seat]
            if value > best || leader < 0 {
                best = value
                leader = seat
                shared = false
            } else if value == best {
                shared = true
            }
        }
        return leader >= 0 && !shared ? Int8(truncatingIfNeeded: leader) : -1
    }

    /// Builds the message for every waiting episode (numbered from `firstSequence`), computes
    /// their advantages with `store`, and empties the collector.
    ///
    /// - Throws: `RAEError` or `ZMQError` (server bugs or out of memory).
    func makeMessage(firstSequence: UInt64, vectorID: UInt64, game: String, store: BaselineStore) throws -> OutgoingMessage {
        let episodes = finished.count
        var lengths = [Int32]()
        lengths.reserveCapacity(episodes)
        var seats = [Int32]()
        var roles = [Int32]()
        for recording in finished {
            lengths.append(Int32(recording.turnCount))
            seats.append(contentsOf: recording.seats.buffer)
            roles.append(contentsOf: recording.roles.buffer)
        }
        let turns = seats.count
        var advantages = [Float](repeating: 0, count: turns)
        let baselines = try seats.withUnsafeBufferPointer { seats in
            try roles.withUnsafeBufferPointer { roles in
                try lengths.withUnsafeBufferPointer { lengths in
                    try returns.withUnsafeBufferPointer { returns in
                        try advantages.withUnsafeMutableBufferPointer { output in
                            let batch = TurnBatch(seats: seats, roles: roles, episodes: .lengths(lengths), seatCount: seatCount, finalReturns: returns)
                            return try store.estimate(key: estimatorKey, roleCount: max(roleNames.count, 1), settings: settings, batch: batch, into: output)
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
        try message.addArray("turn_indices", of: Int32.self, shape: [turns]) { buffer in
            var row = 0
            for length in lengths {
                for turn in 0..<length {
                    buffer[row] = turn
                    row &+= 1
                }
            }
        }
        try gather("actions", \.actions, rowSize: 1, turns: turns, into: &message)
        try gather("invalid_turns", \.invalid, rowSize: 1, turns: turns, into: &message)
        try gather("rewards", \.rewards, rowSize: 1, turns: turns, into: &message)
        try message.addArray("advantages", advantages)
        if text {
            try message.addTexts("prompts", finished.lazy.flatMap(\.prompts))
            try message.addTexts("replies", finished.lazy.flatMap(\.replies))
            try message.addTexts("action_texts", finished.lazy.flatMap(\.actionTexts))
        } else {
            let size = observationShape.reduce(1, *)
            try gather("observations", \.observations, rowSize: size, turns: turns, shape: [turns] + observationShape, into: &message)
            if settings.actionTexts { try message.addTexts("action_texts", finished.lazy.flatMap(\.actionTexts)) }
        }
        removeAll()
        return message
    }

    /// Copies one per-turn column of every finished recording into one array frame.
    private func gather<T: WireScalar>(
        _ name: String, _ column: KeyPath<EpisodeRecording, RecordingColumn<T>>, rowSize: Int, turns: Int, shape: [Int]? = nil,
        into message: inout OutgoingMessage
    ) throws {
        let recordings = finished
        try message.addArray(name, of: T.self, shape: shape ?? [turns]) { buffer in
            var offset = 0
            for recording in recordings {
                let source = recording[keyPath: column].buffer
                guard let base = source.baseAddress, let target = buffer.baseAddress, source.count > 0 else { continue }
                (target + offset).update(from: base, count: source.count)
                offset += source.count
            }
            precondition(offset == turns * rowSize, "column '\(name)' has \(offset) values for \(turns) turns")
        }
    }

    private func removeAll() {
        for recording in finished {
            recording.removeAll()
            spare.append(recording)
        }
        finished.removeAll(keepingCapacity: true)
        episodeIDs.removeAll(keepingCapacity: true)
        returns.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        invalidEpisodes.removeAll(keepingCapacity: true)
        truncatedEpisodes.removeAll(keepingCapacity: true)
        seatRoles.removeAll(keepingCapacity: true)
    }
}
