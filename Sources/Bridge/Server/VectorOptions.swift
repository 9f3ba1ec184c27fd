import Games
import RAE

/// A `MAKE` request's settings, checked: everything a vector needs besides its game.
struct VectorOptions {
    /// The largest vector a `MAKE` may ask for.
    static let maxBatchSize = 65_536

    var batchSize: Int
    var seed: UInt64
    var text: Bool
    var autoReset: Bool
    var invalidMovePolicy: InvalidMovePolicy
    /// How text replies become moves (free text in tensor mode, where replies do not exist).
    var answerFormat: AnswerFormat
    /// 0: never truncate.
    var maxTurns: Int
    var observeAllSeats: Bool
    var opponentName: String?
    /// Seats the client plays; empty: every seat.
    var agentSeats: [Int]
    var trajectories: TrajectorySettings?
    /// Put every array of a state reply in one frame (docs/protocol.md, packed arrays).
    var packedArrays: Bool
    /// Observations go out as bytes (`UINT8`) rather than float32; only for games whose
    /// observations are binary (checked when the vector is built).
    var byteObservations: Bool
    /// Text an episode may keep before it is cut (the server's `BridgeLimits.maxEpisodeTextBytes`).
    var maxEpisodeTextBytes: Int

    /// The request's answer format: named, or by default SPIRAL's extraction for boxed answers
    /// under a SPIRAL invalid-move policy (SPIRAL's training setup), the forgiving boxed reading
    /// for other boxed answers, and free text otherwise.
    private static func answerFormat(_ request: WireMakeRequest, spiralPolicy: Bool) throws(BridgeError) -> AnswerFormat {
        guard !request.answerFormat.isEmpty else {
            return request.boxedAnswers ? (spiralPolicy ? .spiral : .boxed) : .free
        }
        guard let format = AnswerFormat(rawValue: request.answerFormat) else {
            let names = AnswerFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid("answer_format '\(request.answerFormat)' is not one of \(names)")
        }
        if format == .free && request.boxedAnswers {
            throw .invalid("answer_format 'free' contradicts boxed_answers: name 'boxed' or 'spiral', or leave boxed_answers unset")
        }
        return format
    }

    /// Reads and checks a `MAKE` body (the game-dependent checks happen when the vector is built).
    ///
    /// - Parameter limits: the server's limits (retries, text kept per episode).
    /// - Throws: `BridgeError` (`invalidArgument`) naming the bad field and what it accepts,
    ///   or the limit it is over and the flag that raises it.
    init(_ request: WireMakeRequest, limits: BridgeLimits = BridgeLimits()) throws(BridgeError) {
        guard request.batchSize >= 1, request.batchSize <= Self.maxBatchSize else {
            throw .invalid("batch_size must be in 1...\(Self.maxBatchSize), got \(request.batchSize)")
        }
        batchSize = Int(request.batchSize)
        seed = request.seed
        switch request.mode {
        case .unspecified, .tensor: text = false
        case .text: text = true
        case .UNRECOGNIZED(let value): throw .invalid("mode \(value) is not TENSOR (1) or TEXT (2)")
        }
        autoReset = request.autoReset
        let policyName = request.invalidMovePolicy.isEmpty ? "zero_sum" : request.invalidMovePolicy
        guard let policy = InvalidMovePolicy(named: policyName) else {
            throw .invalid("invalid_move_policy '\(policyName)' is not one of \(InvalidMovePolicy.acceptedNames)")
        }
        guard policy.retries <= limits.maxRetries else {
            throw .invalid(
                "invalid_move_policy '\(policyName)' asks for \(policy.retries) retries; this server allows at most \(limits.maxRetries) (games serve --max-retries)"
            )
        }
        invalidMovePolicy = policy
        maxEpisodeTextBytes = limits.maxEpisodeTextBytes
        if request.boxedAnswers && !text { throw .invalid("boxed_answers applies to TEXT mode only") }
        answerFormat = try Self.answerFormat(request, spiralPolicy: policyName.hasPrefix("spiral"))
        if answerFormat != .free && !text { throw .invalid("answer_format applies to TEXT mode only") }
        maxTurns = Int(request.maxTurns)
        observeAllSeats = request.observeAllSeats
        if observeAllSeats && text { throw .invalid("observe_all_seats applies to TENSOR mode only") }
        opponentName = request.opponent.isEmpty ? nil : request.opponent
        agentSeats = request.agentSeats.map { Int($0) }
        if opponentName != nil && agentSeats.isEmpty {
            throw .invalid("an opponent needs agent_seats: the seats the client plays (the opponent plays the others)")
        }
        if opponentName == nil && !agentSeats.isEmpty {
            throw .invalid("agent_seats needs an opponent to play the other seats")
        }
        packedArrays = request.packedArrays
        switch request.observationDtype {
        case .unspecified, .float32: byteObservations = false
        case .uint8: byteObservations = true
        default:
            throw .invalid("observation_dtype \(request.observationDtype) is not FLOAT32 (6) or UINT8 (1)")
        }
        if byteObservations && text { throw .invalid("observation_dtype applies to TENSOR mode only") }
        trajectories =
            request.hasTrajectories && request.trajectories.enabled
            ? try TrajectorySettings(request.trajectories, text: text) : nil
        if trajectories == nil && request.trajectories.acknowledged {
            throw .invalid("trajectories.acknowledged needs trajectories.enabled: a vector without trajectories sends nothing to acknowledge")
        }
    }
}

/// How a vector's finished episodes are turned into RAE advantages.
struct TrajectorySettings {
    var decay: Float
    var update: BaselineUpdate
    var gamma: Float
    var actionTexts: Bool
    /// Keep each message until a trainer acknowledges it (docs/protocol.md, Acknowledged
    /// trajectories).
    var acknowledged: Bool

    /// Reads and checks a vector's trajectory options.
    ///
    /// An unspecified baseline update reads as per-batch for tensor vectors and per-game (SPIRAL's
    /// Oat trainer) for text vectors. A tensor trainer that steps a vector in lockstep gets each
    /// game length in its own message, and a per-game baseline then follows the message's own
    /// outcomes (docs/learning.md measures it: TicTacToe self-play stops learning).
    ///
    /// - Parameters:
    ///   - options: the `trajectories` field of a `MAKE` request.
    ///   - text: whether the vector is in text mode.
    /// - Throws: `BridgeError` (`invalidArgument`) naming the bad field and what it accepts.
    init(_ options: WireTrajectoryOptions, text: Bool) throws(BridgeError) {
        decay = options.hasDecay ? options.decay : 0.95
        guard decay >= 0, decay <= 1 else { throw .invalid("trajectories.decay must be in 0...1, got \(decay)") }
        gamma = options.hasGamma ? options.gamma : 1
        guard gamma >= 0, gamma <= 1 else { throw .invalid("trajectories.gamma must be in 0...1, got \(gamma)") }
        switch options.update {
        case .unspecified: update = text ? .perGame : .perBatch
        case .perGame: update = .perGame
        case .perBatch: update = .perBatch
        case .UNRECOGNIZED(let value): throw .invalid("trajectories.update \(value) is not PER_GAME (1) or PER_BATCH (2)")
        }
        actionTexts = options.actionTexts
        acknowledged = options.acknowledged
    }

    /// The RAE configuration these settings ask for.
    var configuration: RAEConfiguration {
        RAEConfiguration(baseline: .perRole, update: update, gamma: gamma)
    }

    /// Which of the server's estimators a vector of `game` feeds: one per game and settings.
    func estimatorKey(game: String) -> String {
        "\(game)|decay=\(decay)|update=\(update == .perGame ? "per_game" : "per_batch")|gamma=\(gamma)"
    }
}
