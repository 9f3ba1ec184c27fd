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
    /// Put every array of a message in one frame, as the vector's state replies
    /// (docs/protocol.md, packed arrays).
    let packedArrays: Bool
    /// Observations go out as uint8, as the vector's state replies (binary observations).
    let byteObservations: Bool

    // Per finished episode, in raw growable columns (kept between messages). Only the server
    // thread touches these.
    @exclusivity(unchecked) private var finished: [EpisodeRecording] = []
    @exclusivity(unchecked) private var episodeIDs = RecordingColumn<Int64>()
    @exclusivity(unchecked) private var returns = RecordingColumn<Float>()
    @exclusivity(unchecked) private var outcomes = RecordingColumn<Int8>()
    @exclusivity(unchecked) private var invalidEpisodes = RecordingColumn<UInt8>()
    @exclusivity(unchecked) private var truncatedEpisodes = RecordingColumn<UInt8>()
    @exclusivity(unchecked) private var seatRoles = RecordingColumn<Int32>()
    // Per turn of a message being built.
    @exclusivity(unchecked) private var messageLengths = RecordingColumn<Int32>()
    @exclusivity(unchecked) private var messageSeats = RecordingColumn<Int32>()
    @exclusivity(unchecked) private var messageRoles = RecordingColumn<Int32>()
    /// Emptied recordings, handed back to slots.
    @exclusivity(unchecked) private var spare: [EpisodeRecording] = []
    /// Where new recordings count their text.
    private let ledger: MemoryLedger?
    /// The most turns one episode records (new recordings grow no further by themselves).
    private let maxTurns: Int

    init(
        settings: TrajectorySettings, game: String, seatCount: Int, roleNames: [String], observationShape: [Int], text: Bool,
        packedArrays: Bool, byteObservations: Bool = false, ledger: MemoryLedger? = nil, maxTurns: Int = .max
    ) {
        self.ledger = ledger
        self.maxTurns = maxTurns
        self.settings = settings
        self.estimatorKey = settings.estimatorKey(game: game)
        self.seatCount = seatCount
        self.roleNames = roleNames
        self.observationShape = observationShape
        self.text = text
        self.packedArrays = packedArrays
        self.byteObservations = byteObservations
    }

    deinit {
        episodeIDs.deallocate()
        returns.deallocate()
        outcomes.deallocate()
        invalidEpisodes.deallocate()
        truncatedEpisodes.deallocate()
        seatRoles.deallocate()
        messageLengths.deallocate()
        messageSeats.deallocate()
        messageRoles.deallocate()
    }

    /// Episodes waiting to be sent.
    var episodeCount: Int { finished.count }

    /// An empty recording for a slot's next episode.
    func takeRecording() -> EpisodeRecording {
        spare.popLast()
            ?? EpisodeRecording(seatCount: seatCount, ledger: ledger, maxTurns: maxTurns, observationSize: text ? 0 : observationShape.reduce(1, *))
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
    /// - Parameter episodesLost: the server's count of episodes dropped unacknowledged so far.
    /// - Throws: `RAEError` or `ZMQError` (server bugs or out of memory).
    func makeMessage(
        firstSequence: UInt64, vectorID: UInt64, game: String, store: BaselineStore, episodesLost: UInt64 = 0
    ) throws -> OutgoingMessage {
        let episodes = finished.count
        messageLengths.removeAll()
        messageSeats.removeAll()
        messageRoles.removeAll()
        for recording in finished {
            messageLengths.append(Int32(recording.turnCount))
            messageSeats.append(contentsOf: recording.seats.buffer)
            messageRoles.append(contentsOf: recording.roles.buffer)
        }
        let lengths = messageLengths.buffer
        let seats = messageSeats.buffer
        let roles = messageRoles.buffer
        let turns = seats.count
        var advantages = [Float](repeating: 0, count: turns)
        let baselines = try advantages.withUnsafeMutableBufferPointer { output in
            let batch = TurnBatch(
                seats: seats, roles: roles, episodes: .lengths(lengths), seatCount: seatCount,
                finalReturns: returns.buffer, seatRoles: seatRoles.buffer)
            return try store.estimate(key: estimatorKey, roleCount: max(roleNames.count, 1), settings: settings, batch: batch, into: output)
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
        body.episodesLost = episodesLost
        message.header.trajectories = body
        if packedArrays {
            try message.beginPackedArrays(byteCount: packedByteCount(episodes: episodes, turns: turns))
        }
        try message.addArray("sequence", of: UInt64.self, shape: [episodes]) { buffer in
            for index in buffer.indices { buffer[index] = firstSequence &+ UInt64(index) }
        }
        try message.addArray("episode_ids", episodeIDs.buffer, shape: [episodes])
        try message.addArray("returns", returns.buffer, shape: [episodes, seatCount])
        try message.addArray("lengths", lengths, shape: [episodes])
        try message.addArray("outcomes", outcomes.buffer, shape: [episodes])
        try message.addArray("invalid_episodes", invalidEpisodes.buffer, shape: [episodes])
        try message.addArray("truncated_episodes", truncatedEpisodes.buffer, shape: [episodes])
        try message.addArray("seat_roles", seatRoles.buffer, shape: [episodes, seatCount])
        try message.addArray("seats", seats, shape: [turns])
        try message.addArray("roles", roles, shape: [turns])
        try message.addArray("turn_indices", of: Int32.self, shape: [turns]) { buffer in
            var row = 0
            for length in lengths {
                for turn in 0..<length {
                    buffer[row] = turn
                    row &+= 1
                }
            }
        }
        try gather("actions", { $0.actions.buffer }, rowSize: 1, turns: turns, into: &message)
        try gather("invalid_turns", { $0.invalid.buffer }, rowSize: 1, turns: turns, into: &message)
        try gather("rewards", { $0.rewards.buffer }, rowSize: 1, turns: turns, into: &message)
        try message.addArray("advantages", advantages)
        if text {
            try message.addTexts("prompts", finished.lazy.flatMap(\.prompts))
            try message.addTexts("replies", finished.lazy.flatMap(\.replies))
            try message.addTexts("action_texts", finished.lazy.flatMap(\.actionTexts))
        } else {
            let size = observationShape.reduce(1, *)
            if byteObservations {
                try gatherBytes(
                    "observations", { $0.observations.buffer }, rowSize: size, turns: turns, shape: [turns] + observationShape, into: &message)
            } else {
                try gather("observations", { $0.observations.buffer }, rowSize: size, turns: turns, shape: [turns] + observationShape, into: &message)
            }
            if settings.actionTexts { try message.addTexts("action_texts", finished.lazy.flatMap(\.actionTexts)) }
        }
        removeAll()
        return message
    }

    /// The size of a message's packed frame: its arrays' byte lengths in the order
    /// `makeMessage` adds them (a frame too small is refused as it is filled).
    private func packedByteCount(episodes: Int, turns: Int) -> Int {
        let perSeat = episodes * seatCount
        var byteCounts = [
            8 * episodes, 8 * episodes, 4 * perSeat, 4 * episodes, episodes, episodes, episodes, 4 * perSeat,
            4 * turns, 4 * turns, 4 * turns, 4 * turns, turns, 4 * turns, 4 * turns,
        ]
        if !text { byteCounts.append((byteObservations ? 1 : 4) * turns * observationShape.reduce(1, *)) }
        return OutgoingMessage.packedByteCount(byteCounts)
    }

    /// Copies one per-turn column of every finished recording into one array (its own frame,
    /// or its place in the packed frame).
    private func gather<T: WireScalar>(
        _ name: String, _ column: (EpisodeRecording) -> UnsafeBufferPointer<T>, rowSize: Int, turns: Int, shape: [Int]? = nil,
        into message: inout OutgoingMessage
    ) throws {
        let recordings = finished
        try message.addArray(name, of: T.self, shape: shape ?? [turns]) { buffer in
            var offset = 0
            for recording in recordings {
                let source = column(recording)
                guard let base = source.baseAddress, let target = buffer.baseAddress, source.count > 0 else { continue }
                (target + offset).update(from: base, count: source.count)
                offset += source.count
            }
            precondition(offset == turns * rowSize, "column '\(name)' has \(offset) values for \(turns) turns")
        }
    }

    /// `gather` for binary float columns sent as bytes (0 or 1).
    private func gatherBytes(
        _ name: String, _ column: (EpisodeRecording) -> UnsafeBufferPointer<Float>, rowSize: Int, turns: Int, shape: [Int],
        into message: inout OutgoingMessage
    ) throws {
        let recordings = finished
        try message.addArray(name, of: UInt8.self, shape: shape) { buffer in
            var offset = 0
            for recording in recordings {
                for value in column(recording) {
                    buffer[offset] = value != 0 ? 1 : 0
                    offset &+= 1
                }
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
        episodeIDs.removeAll()
        returns.removeAll()
        outcomes.removeAll()
        invalidEpisodes.removeAll()
        truncatedEpisodes.removeAll()
        seatRoles.removeAll()
    }
}
