import Games
import Rollout

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
    @exclusivity(unchecked) var episodeIDs: [Int64]
    /// Each seat's return when the last reply was written, `B x S`.
    @exclusivity(unchecked) var lastReturns: [Double]
    /// Turns played in each slot's episode (invalid replies included).
    @exclusivity(unchecked) var turns: [Int]
    /// Why a slot is waiting for a reset: 0 live, 1 terminated, 2 truncated (no auto-reset).
    @exclusivity(unchecked) var stopped: [UInt8]
    @exclusivity(unchecked) var recordings: [EpisodeRecording]
    /// Text mode: the prompt each slot's acting seat was shown in the last reply.
    @exclusivity(unchecked) var prompts: [String]
    @exclusivity(unchecked) var opponentRNGs: [EpisodeRNG]
    let opponent: Policy<G>?
    let isAgentSeat: [Bool]
    let legal: ActionBuffer<G.Action>
    let seatCount: Int
    /// Text mode: prompts and legal action texts per position.
    let textCache = TextFaceCache<G>()

    /// The legal masks of the last reply, `B x A`: a step checks its action here instead of
    /// listing the legal actions again.
    @exclusivity(unchecked) var legalMasks: [UInt8]

    // What the current request did, per slot. Only the server thread touches these; the
    // run-time exclusivity checks on class properties cost more than the game step itself.
    @exclusivity(unchecked) var terminated: [UInt8]
    @exclusivity(unchecked) var truncated: [UInt8]
    @exclusivity(unchecked) var invalid: [UInt8]
    @exclusivity(unchecked) var rewards: [Float]
    @exclusivity(unchecked) var invalidReasons: [String]
    @exclusivity(unchecked) var finishedThisRequest = 0

    /// Salt that keeps an opponent's random stream apart from the episode's chance stream.
    static var opponentSalt: UInt64 { 0x6F70_706F_6E65_6E74 }

    init(id: UInt64, owner: [UInt8], game: G, options: VectorOptions) throws {
        self.id = id
        self.owner = owner
        self.game = game
        self.options = options
        self.gameString = game.description
        seatCount = game.seatCount
        seed = options.seed
        let count = options.batchSize
        if let name = options.opponentName {
            do {
                opponent = try PolicyCatalog.make(name, for: game)
            } catch {
                throw BridgeError.invalid("opponent: \(error)")
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
                observationShape: game.observationShape, text: options.text)
        } else {
            collector = nil
        }
        legal = game.makeActionBuffer()
        legalMasks = Array(repeating: 0, count: count * game.actionCount)
        episodes = .allocate(capacity: count)
        episodes.initialize(repeating: Episode(game, seed: options.seed, index: 0, invalidMovePolicy: options.invalidMovePolicy), count: count)
        episodeIDs = Array(repeating: 0, count: count)
        lastReturns = Array(repeating: 0, count: count * game.seatCount)
        turns = Array(repeating: 0, count: count)
        stopped = Array(repeating: 0, count: count)
        recordings = options.trajectories == nil ? [] : (0..<count).map { _ in EpisodeRecording(seatCount: game.seatCount) }
        prompts = Array(repeating: "", count: count)
        opponentRNGs = Array(repeating: EpisodeRNG(seed: 0), count: count)
        terminated = Array(repeating: 0, count: count)
        truncated = Array(repeating: 0, count: count)
        invalid = Array(repeating: 0, count: count)
        rewards = Array(repeating: 0, count: count * game.seatCount)
        invalidReasons = Array(repeating: "", count: count)
    }

    deinit {
        episodes.deinitialize(count: options.batchSize)
        episodes.deallocate()
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
            beginRequest()
            for slot in 0..<batchSize where stopped[slot] == 0 { stepText(slot, reply: replies[slot]) }
        } else {
            if request.header.texts.contains(where: { $0.name == "replies" }) {
                throw BridgeError(.wrongMode, "vector \(id) is in TENSOR mode: send array 'actions' (int32), not texts 'replies'")
            }
            guard let (actions, shape) = try request.array("actions", as: Int32.self) else {
                throw BridgeError.malformed("a TENSOR-mode STEP needs array 'actions' (int32, shape [\(batchSize)])")
            }
            guard shape.count == 1, actions.count == batchSize else {
                throw BridgeError(.wrongBatchSize, "STEP has \(actions.count) actions (shape \(shape)); vector \(id) has \(batchSize) games: send int32 actions of shape [\(batchSize)]")
            }
            beginRequest()
            for slot in 0..<batchSize where stopped[slot] == 0 { stepTensor(slot, index: Int(actions[slot])) }
        }
        try writeState(into: &reply)
    }

    // MARK: Slots

    // Reads of a slot's episode through its stored properties: calling Episode's computed
    // properties on `episodes[slot]` copied the whole episode per call (measured).

    @inline(__always)
    func currentPlayer(_ slot: Int) -> CurrentPlayer {
        episodes[slot].forfeit == nil ? game.currentPlayer(episodes[slot].state) : .terminal
    }

    @inline(__always)
    func isOver(_ slot: Int) -> Bool { currentPlayer(slot) == .terminal }

    @inline(__always)
    func returnOf(_ slot: Int, seat: Int) -> Double {
        if episodes[slot].forfeit != nil {
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
            terminated[slot] = stopped[slot] == 1 ? 1 : 0
            truncated[slot] = stopped[slot] == 2 ? 1 : 0
            invalid[slot] = 0
            if !invalidReasons[slot].isEmpty { invalidReasons[slot] = "" }
        }
        for index in rewards.indices { rewards[index] = 0 }
    }

    /// Starts the slot's next episode and lets the opponent play up to an agent seat.
    func startEpisode(_ slot: Int) {
        let index = nextEpisode
        nextEpisode &+= 1
        episodes[slot] = Episode(game, seed: seed, index: index, invalidMovePolicy: options.invalidMovePolicy)
        episodeIDs[slot] = Int64(bitPattern: index)
        opponentRNGs[slot] = EpisodeRNG(seed: seed ^ Self.opponentSalt, episode: index)
        turns[slot] = 0
        stopped[slot] = 0
        if collector != nil { recordings[slot].removeAll() }
        for seat in 0..<seatCount { lastReturns[slot * seatCount + seat] = returnOf(slot, seat: seat) }
        playOpponent(slot)
    }

    /// Plays the slot's tensor-mode action index.
    func stepTensor(_ slot: Int, index: Int) {
        guard case .seat(let seat) = currentPlayer(slot) else { return settle(slot) }
        let row = beginTurn(slot, seat: seat, prompt: nil, reply: nil)
        let actionCount = game.actionCount
        var chosen: G.Action?
        if index >= 0, index < actionCount, legalMasks[slot &* actionCount &+ index] == 1 {
            chosen = game.action(atIndex: index)
        }
        if let action = chosen {
            let text = row >= 0 && options.trajectories?.actionTexts == true ? game.actionText(action, in: episodes[slot].state) : nil
            _ = episodes[slot].play(action)
            finishTurn(slot, row: row, action: index, actionText: text)
        } else {
            switch episodes[slot].step(index: index) {
            case .retry(let error), .forfeited(let error): invalidReasons[slot] = error.description
            case .played: break  // cannot happen: the index is not legal
            }
            markInvalid(slot, row: row)
        }
        turns[slot] += 1
        playOpponent(slot)
        settle(slot)
    }

    /// Records the start of a turn when trajectories are on; returns its row, or -1.
    func beginTurn(_ slot: Int, seat: Int, prompt: String?, reply: String?) -> Int {
        guard collector != nil else { return -1 }
        let state = episodes[slot].state
        let row = recordings[slot].turnCount
        recordings[slot].addTurn(
            seat: seat, role: game.role(of: seat, in: state), action: -1, invalid: false,
            returnNow: returnOf(slot, seat: seat))
        if options.text {
            recordings[slot].prompts.append(prompt ?? textCache.prompt(game, state, seat: seat))
            recordings[slot].replies.append(reply ?? "")
            recordings[slot].actionTexts.append("")
        } else {
            game.writeObservation(state, seat: seat, into: recordings[slot].observations.appendUninitialized(game.observationSize))
            if options.trajectories?.actionTexts == true { recordings[slot].actionTexts.append("") }
        }
        return row
    }

    func finishTurn(_ slot: Int, row: Int, action: Int, actionText: String?) {
        guard row >= 0 else { return }
        recordings[slot].actions[row] = Int32(action)
        if let actionText, row < recordings[slot].actionTexts.count { recordings[slot].actionTexts[row] = actionText }
    }

    func markInvalid(_ slot: Int, row: Int) {
        invalid[slot] = 1
        guard row >= 0 else { return }
        recordings[slot].invalid[row] = 1
    }

    /// Lets the opponent play every seat that is not the client's, up to an agent seat or the end.
    func playOpponent(_ slot: Int) {
        guard let opponent else { return }
        while case .seat(let seat) = currentPlayer(slot), !isAgentSeat[seat], !turnLimitReached(slot) {
            let state = episodes[slot].state
            game.legalActions(state, into: legal)
            let action = opponent.action(game, state, seat: seat, legal: legal, rng: &opponentRNGs[slot])
            let row = beginTurn(slot, seat: seat, prompt: nil, reply: nil)
            let text = row >= 0 && (options.text || options.trajectories?.actionTexts == true) ? game.actionText(action, in: state) : nil
            if options.text, row >= 0 { recordings[slot].replies[row] = text ?? "" }
            _ = episodes[slot].play(action)
            finishTurn(slot, row: row, action: game.actionIndex(action), actionText: text)
            turns[slot] += 1
        }
    }

    func turnLimitReached(_ slot: Int) -> Bool {
        options.maxTurns > 0 && turns[slot] >= options.maxTurns
    }

    /// Reports rewards, and ends the slot's episode when it is over or cut.
    func settle(_ slot: Int) {
        let over = isOver(slot)
        let cut = !over && turnLimitReached(slot)
        var finalReturns: [Double] = []
        if over || cut { finalReturns.reserveCapacity(seatCount) }
        for seat in 0..<seatCount {
            let now = returnOf(slot, seat: seat)
            rewards[slot * seatCount + seat] += Float(now - lastReturns[slot * seatCount + seat])
            lastReturns[slot * seatCount + seat] = now
            if over || cut { finalReturns.append(now) }
        }
        guard over || cut else { return }
        terminated[slot] = over ? 1 : 0
        truncated[slot] = cut ? 1 : 0
        finishedThisRequest += 1
        if let collector {
            recordings[slot].finish(finalReturns: finalReturns)
            let state = episodes[slot].state
            collector.append(
                recordings[slot], episodeID: episodeIDs[slot], finalReturns: finalReturns,
                seatRoles: (0..<seatCount).map { Int32(game.role(of: $0, in: state)) },
                forfeited: episodes[slot].forfeit != nil, truncated: cut)
            recordings[slot] = collector.takeRecording()
        }
        if options.autoReset {
            startEpisode(slot)
        } else {
            stopped[slot] = over ? 1 : 2
        }
    }
}
