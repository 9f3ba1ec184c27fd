import Games
import Rollout

/// Why a slot is waiting for a reset, if it is.
enum SlotStop: UInt8 {
    /// The slot's episode is being played.
    case live
    /// The episode ended by the rules (or a forfeit).
    case terminated
    /// The episode was cut at the turn limit.
    case truncated
}

/// B episodes of one game stepped together (docs/protocol.md, Stepping rules).
final class GameVector<G: Game> {
    let id: UInt64
    let owner: [UInt8]
    let game: G
    let options: VectorOptions
    let collector: TrajectoryCollector?
    let gameString: String

    var seed: UInt64
    var nextEpisode: UInt64 = 0
    var hasBeenReset = false
    /// The live episodes, one per slot. Raw storage: element access through an array of
    /// these non-trivial structs copied whole episodes (and retained their game) per access.
    let episodes: UnsafeMutablePointer<Episode<G>>
    /// Owns every `SlotArray` below and frees them with the vector.
    private let slotStorage: SlotStorage
    let episodeIDs: SlotArray<Int64>
    /// Each seat's return when the last reply was written, `B x S`.
    let lastReturns: SlotArray<Double>
    /// Turns played in each slot's episode (invalid replies included).
    let turns: SlotArray<Int>
    /// Why a slot is waiting for a reset (without auto-reset).
    let stopped: SlotArray<SlotStop>
    /// Trajectories on: each slot's live episode, recorded as it is played (else no slots).
    let recordings: RecordingSlots
    /// Text mode: the prompt each slot's acting seat was shown in the last reply.
    @exclusivity(unchecked) var prompts: [String]
    /// Text mode: the legal actions each slot's acting seat was shown in the last reply, which
    /// the next STEP reads its reply against (the slot's state does not change in between).
    @exclusivity(unchecked) var shownActions: [[TextFaceCache<G>.LegalAction]]
    @exclusivity(unchecked) var opponentRNGs: [EpisodeRNG]
    let opponent: Policy<G>?
    let isAgentSeat: [Bool]
    let legal: ActionBuffer<G.Action>
    let seatCount: Int
    /// Floats in one seat's observation (`game.observationSize` builds the shape array per call).
    let observationSize: Int
    /// Text mode: prompts and legal action texts per position.
    let textCache: TextFaceCache<G>
    /// Where the server counts the text the vector keeps (nil: not counted).
    let ledger: MemoryLedger?
    /// Text mode: UTF-8 bytes of the replies played into each slot's episode (the state may
    /// keep them: Negotiation's talk, Werewolf's speeches), counted in `ledger` until the
    /// slot's next episode starts.
    let stateTextBytes: SlotArray<Int>
    /// Text an episode may keep before it is cut (`BridgeLimits.maxEpisodeTextBytes`).
    let maxEpisodeTextBytes: Int

    // Settings the per-slot code reads, copied out of `options` (reading them through the
    // options struct, with its optionals and arrays, cost more than the test itself).
    let textMode: Bool
    let autoReset: Bool
    let maxTurns: Int
    let recordsActionTexts: Bool

    /// The legal masks of the last reply, `B x A`: a step checks its action here instead of
    /// listing the legal actions again.
    let legalMasks: SlotArray<UInt8>
    /// The acting seat and its role in the last reply, -1 where the episode is over.
    let currentSeats: SlotArray<Int32>
    let currentRoles: SlotArray<Int32>
    /// The array refs of this vector's state replies, serialised by the first reply: they are
    /// the same in every reply of the vector (docs/protocol.md, Message layout).
    var stateArrayRefs: SerializedArrayRefs?
    /// The size of the one frame of a state reply's arrays when they are packed.
    let packedStateByteCount: Int

    // What the current request did, per slot. Only the server thread touches these.
    let terminated: SlotArray<UInt8>
    let truncated: SlotArray<UInt8>
    let invalid: SlotArray<UInt8>
    let rewards: SlotArray<Float>
    @exclusivity(unchecked) var invalidReasons: [String]
    /// Whether some entry of `invalidReasons` is not empty.
    @exclusivity(unchecked) var hasInvalidReasons = false
    @exclusivity(unchecked) var finishedThisRequest = 0

    /// Salt that keeps an opponent's random stream apart from the episode's chance stream.
    static var opponentSalt: UInt64 { 0x6F70_706F_6E65_6E74 }

    /// Builds a vector; nothing is stepped until `reset`.
    ///
    /// - Parameters:
    ///   - ledger: where the text the vector keeps is counted (nil: not counted).
    ///   - opponentPolicy: the opponent `options.opponentName` names, resolved by the caller
    ///     (the server resolves wire names); nil: built from the name by `PolicyCatalog`.
    init(id: UInt64, owner: [UInt8], game: G, options: VectorOptions, ledger: MemoryLedger? = nil, opponentPolicy: Policy<G>? = nil) throws {
        self.id = id
        self.owner = owner
        self.game = game
        self.options = options
        self.gameString = game.description
        seatCount = game.seatCount
        observationSize = game.observationSize
        seed = options.seed
        textMode = options.text
        autoReset = options.autoReset
        maxTurns = options.maxTurns
        recordsActionTexts = options.trajectories?.actionTexts == true
        let count = options.batchSize
        let slots = SlotStorage()
        slotStorage = slots
        if options.byteObservations && !game.observationIsBinary {
            throw BridgeError.invalid(
                "observation_dtype UINT8 needs binary observations (spec.binary_observations), which \(game.description) does not have; use FLOAT32")
        }
        if let name = options.opponentName {
            if let opponentPolicy {
                opponent = opponentPolicy
            } else {
                do {
                    opponent = try PolicyCatalog.make(name, for: game)
                } catch {
                    throw BridgeError.invalid("opponent: \(error)")
                }
            }
            for seat in options.agentSeats where !(0..<game.seatCount).contains(seat) {
                throw BridgeError.invalid("agent_seats: seat \(seat) is outside 0..<\(game.seatCount) of \(game.description)")
            }
            guard Set(options.agentSeats).count < game.seatCount else {
                throw BridgeError.invalid("agent_seats names every seat of \(game.description); leave the opponent out instead")
            }
            isAgentSeat = (0..<game.seatCount).map { options.agentSeats.contains($0) }
        } else {
            opponent = nil
            isAgentSeat = Array(repeating: true, count: game.seatCount)
        }
        if let settings = options.trajectories {
            collector = TrajectoryCollector(
                settings: settings, game: game.description, seatCount: game.seatCount, roleNames: game.roleNames,
                observationShape: game.observationShape, text: options.text, packedArrays: options.packedArrays,
                byteObservations: options.byteObservations, ledger: ledger,
                maxTurns: VectorFootprint.longestEpisodeTurns(game: game, options: options))
        } else {
            collector = nil
        }
        legal = game.makeActionBuffer()
        legalMasks = slots.array(repeating: 0, count: count * game.actionCount)
        currentSeats = slots.array(repeating: -1, count: count)
        currentRoles = slots.array(repeating: -1, count: count)
        episodes = .allocate(capacity: count)
        episodes.initialize(repeating: Episode(game, seed: options.seed, index: 0, invalidMovePolicy: options.invalidMovePolicy), count: count)
        episodeIDs = slots.array(repeating: 0, count: count)
        lastReturns = slots.array(repeating: 0, count: count * game.seatCount)
        turns = slots.array(repeating: 0, count: count)
        stopped = slots.array(repeating: SlotStop.live, count: count)
        let longestEpisode = VectorFootprint.longestEpisodeTurns(game: game, options: options)
        let observationSize = options.text ? 0 : game.observationSize
        recordings = RecordingSlots(count: options.trajectories == nil ? 0 : count) {
            EpisodeRecording(seatCount: game.seatCount, ledger: ledger, maxTurns: longestEpisode, observationSize: observationSize)
        }
        self.ledger = ledger
        stateTextBytes = slots.array(repeating: 0, count: options.text ? count : 0)
        maxEpisodeTextBytes = options.maxEpisodeTextBytes
        textCache = TextFaceCache(byteLimit: TextFaceCache<G>.byteLimit(batchSize: count))
        prompts = Array(repeating: "", count: count)
        shownActions = Array(repeating: [], count: options.text ? count : 0)
        opponentRNGs = Array(repeating: EpisodeRNG(seed: 0), count: opponent == nil ? 0 : count)
        terminated = slots.array(repeating: 0, count: count)
        truncated = slots.array(repeating: 0, count: count)
        invalid = slots.array(repeating: 0, count: count)
        rewards = slots.array(repeating: 0, count: count * game.seatCount)
        invalidReasons = Array(repeating: "", count: count)
        // The state arrays in the order `writeState` adds them.
        let observationBytes = (options.byteObservations ? 1 : 4) * count * observationSize * (options.observeAllSeats ? game.seatCount : 1)
        packedStateByteCount = OutgoingMessage.packedByteCount([
            count * game.actionCount, 4 * count * game.seatCount, count, count, 4 * count, 4 * count, count, 8 * count,
            options.text ? 4 * count : observationBytes,
        ])
    }

    deinit {
        ledger?.removeText(stateTextBytes.buffer.reduce(0, +))
        episodes.deinitialize(count: options.batchSize)
        episodes.deallocate()
        recordings.release()
    }

    var batchSize: Int { options.batchSize }

    var makeReply: WireMakeReply {
        var spec = WireGameSpec()
        spec.game = game.description
        spec.seatCount = UInt32(game.seatCount)
        spec.actionCount = UInt32(game.actionCount)
        spec.observationShape = game.observationShape.map(Int64.init)
        spec.roleNames = game.roleNames
        spec.maxGameLength = UInt32(game.maxGameLength)
        spec.minReturn = game.utility.min
        spec.maxReturn = game.utility.max
        spec.utility = game.utility.kind.rawValue
        spec.binaryObservations = game.observationIsBinary
        spec.rulesVersion = UInt32(G.info.version)
        var reply = WireMakeReply()
        reply.vectorID = id
        reply.spec = spec
        reply.batchSize = UInt32(options.batchSize)
        reply.mode = options.text ? .text : .tensor
        return reply
    }

    // MARK: Requests

    func reset(seed newSeed: UInt64?, into reply: inout OutgoingMessage) throws {
        if let newSeed {
            seed = newSeed
            nextEpisode = 0
        }
        for slot in 0..<batchSize { startEpisode(slot) }
        beginRequest()
        for slot in 0..<batchSize { scanSlot(slot) }
        hasBeenReset = true
        try writeState(into: &reply)
    }

    func step(_ request: IncomingMessage, into reply: inout OutgoingMessage) throws {
        guard hasBeenReset else {
            throw BridgeError(.notReset, "vector \(id) has not been reset: send RESET after MAKE, then STEP")
        }
        if options.text {
            if request.header.arrays.contains(where: { $0.name == "actions" }) {
                throw BridgeError(.wrongMode, "vector \(id) is in TEXT mode: send texts 'replies', not array 'actions'")
            }
            guard let replies = try request.texts("replies") else {
                throw BridgeError.malformed("a TEXT-mode STEP needs texts 'replies' (\(batchSize) strings)")
            }
            guard replies.count == batchSize else {
                throw BridgeError(.wrongBatchSize, "STEP has \(replies.count) replies; vector \(id) has \(batchSize) games")
            }
            try checkTextFits(replies)
            beginRequest()
            for slot in 0..<batchSize {
                if stopped[slot] == .live { stepText(slot, reply: replies[slot]) }
                scanSlot(slot)
            }
        } else {
            if request.header.texts.contains(where: { $0.name == "replies" }) {
                throw BridgeError(.wrongMode, "vector \(id) is in TENSOR mode: send array 'actions' (int32), not texts 'replies'")
            }
            guard let (actions, shape) = try request.array("actions", as: Int32.self) else {
                throw BridgeError.malformed("a TENSOR-mode STEP needs array 'actions' (int32, shape [\(batchSize)])")
            }
            guard shape.count == 1, actions.count == batchSize else {
                throw BridgeError(
                    .wrongBatchSize,
                    "STEP has \(actions.count) actions (shape \(shape)); vector \(id) has \(batchSize) games: send int32 actions of shape [\(batchSize)]"
                )
            }
            beginRequest()
            actions.withUnsafeBufferPointer { actions in
                for slot in 0..<batchSize {
                    if stopped[slot] == .live { stepTensor(slot, index: Int(actions[slot])) }
                    scanSlot(slot)
                }
            }
        }
        try writeState(into: &reply)
    }

    // MARK: Slots

    // Reads of a slot's episode through its stored properties: calling Episode's computed
    // properties on `episodes[slot]` copied the whole episode per call (measured).

    @inline(__always)
    func currentPlayer(_ slot: Int) -> CurrentPlayer {
        episodes[slot].isForfeited ? .terminal : game.currentPlayer(episodes[slot].state)
    }

    @inline(__always)
    func isOver(_ slot: Int) -> Bool { currentPlayer(slot) == .terminal }

    @inline(__always)
    func returnOf(_ slot: Int, seat: Int) -> Double {
        if episodes[slot].isForfeited {
            // Episode's rule, so team games (Werewolf) split the penalty per team, as in-process
            // play does; a forfeit is rare, so the copy this read makes does not matter.
            return episodes[slot].returns(seat: seat)
        }
        return game.returns(episodes[slot].state, seat: seat)
    }

    /// Clears the per-request flags; slots waiting for a reset keep reporting why.
    func beginRequest() {
        finishedThisRequest = 0
        for slot in 0..<batchSize {
            let why = stopped[slot]
            terminated[slot] = why == .terminated ? 1 : 0
            truncated[slot] = why == .truncated ? 1 : 0
        }
        invalid.fill(with: 0)
        rewards.fill(with: 0)
        if hasInvalidReasons {
            for slot in 0..<batchSize where !invalidReasons[slot].isEmpty { invalidReasons[slot] = "" }
            hasInvalidReasons = false
        }
    }

    /// Starts the slot's next episode and lets the opponent play up to an agent seat.
    func startEpisode(_ slot: Int) {
        let index = nextEpisode
        nextEpisode &+= 1
        episodes[slot].restart(seed: seed, index: index)
        episodeIDs[slot] = Int64(bitPattern: index)
        turns[slot] = 0
        stopped[slot] = .live
        if textMode { forgetStateText(slot) }
        if collector != nil { recordings.with(slot) { $0.removeAll() } }
        for seat in 0..<seatCount { lastReturns[slot &* seatCount &+ seat] = returnOf(slot, seat: seat) }
        if opponent != nil {
            opponentRNGs[slot] = EpisodeRNG(seed: seed ^ Self.opponentSalt, episode: index)
            playOpponent(slot)
        }
    }

    /// Says why the slot's action or reply of this request was invalid.
    func setInvalidReason(_ slot: Int, _ reason: String) {
        invalidReasons[slot] = reason
        hasInvalidReasons = true
    }

    /// Records the start of a turn when trajectories are on; returns its row, or -1.
    @inline(__always)
    func beginTurn(_ slot: Int, seat: Int, prompt: String?, reply: String?) -> Int {
        collector == nil ? -1 : recordTurn(slot, seat: seat, prompt: prompt, reply: reply)
    }

    /// Records the start of a turn; returns its row.
    @inline(never)
    func recordTurn(_ slot: Int, seat: Int, prompt: String?, reply: String?) -> Int {
        let state = episodes[slot].state
        return recordings.with(slot) { recording in
            let row = recording.turnCount
            recording.addTurn(
                seat: seat, role: game.role(of: seat, in: state), action: -1, invalid: false,
                returnNow: returnOf(slot, seat: seat))
            if textMode {
                recording.appendTextTurn(prompt: prompt ?? textCache.face(game, state, seat: seat, scratch: legal).prompt, reply: reply ?? "")
            } else {
                game.writeObservation(state, seat: seat, into: recording.observations.appendUninitialized(observationSize))
                if recordsActionTexts { recording.appendEmptyActionText() }
            }
            return row
        }
    }

    func finishTurn(_ slot: Int, row: Int, action: Int, actionText: String?) {
        guard row >= 0 else { return }
        recordings.with(slot) { recording in
            recording.actions[row] = Int32(action)
            if let actionText { recording.setActionText(actionText, at: row) }
        }
    }

    func markInvalid(_ slot: Int, row: Int) {
        invalid[slot] = 1
        guard row >= 0 else { return }
        recordings.with(slot) { $0.invalid[row] = 1 }
    }

    /// Lets the opponent play every seat that is not the client's, up to an agent seat or the end.
    func playOpponent(_ slot: Int) {
        guard let opponent else { return }
        while case .seat(let seat) = currentPlayer(slot), !isAgentSeat[seat], !turnLimitReached(slot) {
            let state = episodes[slot].state
            let action: G.Action
            if opponent.isUniformRandom {
                // The game's own draw, which need not list the legal actions (Negotiation's offers).
                action = game.sampleLegalAction(state, rng: &opponentRNGs[slot], scratch: legal)
            } else {
                game.legalActions(state, into: legal)
                action = opponent.action(game, state, seat: seat, legal: legal, rng: &opponentRNGs[slot])
            }
            let row = beginTurn(slot, seat: seat, prompt: nil, reply: nil)
            let actionText = row >= 0 && (textMode || recordsActionTexts) ? game.actionText(action, in: state) : nil
            if textMode, row >= 0 { recordings.with(slot) { $0.setReply(actionText ?? "", at: row) } }
            _ = episodes[slot].play(action)
            finishTurn(slot, row: row, action: game.actionIndex(action), actionText: actionText)
            turns[slot] &+= 1
        }
    }

    /// Whether the slot's episode must be cut: at `max_turns`, or (text mode) once the text it
    /// keeps reached `maxEpisodeTextBytes`.
    @inline(__always)
    func turnLimitReached(_ slot: Int) -> Bool {
        (maxTurns > 0 && turns[slot] >= maxTurns) || (textMode && episodeTextBytes(slot) >= maxEpisodeTextBytes)
    }

    /// Reports rewards, and ends the slot's episode when it is over or cut.
    @inline(__always)
    func settle(_ slot: Int) {
        let over = isOver(slot)
        let cut = !over && turnLimitReached(slot)
        let row = slot &* seatCount
        for seat in 0..<seatCount {
            let now = returnOf(slot, seat: seat)
            rewards[row &+ seat] += Float(now - lastReturns[row &+ seat])
            lastReturns[row &+ seat] = now
        }
        if over || cut { endEpisode(slot, over: over, cut: cut) }
    }

    /// Hands a finished episode to the trajectory collector and starts the next one, or
    /// stops the slot until a reset.
    @inline(never)
    func endEpisode(_ slot: Int, over: Bool, cut: Bool) {
        let row = slot &* seatCount
        terminated[slot] = over ? 1 : 0
        truncated[slot] = cut ? 1 : 0
        finishedThisRequest += 1
        if let collector {
            let finalReturns = UnsafeBufferPointer(start: lastReturns.base + row, count: seatCount)
            let recording = recordings.exchange(slot, with: collector.takeRecording())
            recording.finish(finalReturns: finalReturns)
            let state = episodes[slot].state
            collector.append(
                recording, episodeID: episodeIDs[slot], finalReturns: finalReturns,
                seatRole: { Int32(truncatingIfNeeded: game.role(of: $0, in: state)) },
                forfeited: episodes[slot].isForfeited, truncated: cut)
        }
        if autoReset {
            startEpisode(slot)
        } else {
            stopped[slot] = over ? .terminated : .truncated
        }
    }
}
