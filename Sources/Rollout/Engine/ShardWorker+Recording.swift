import Games

extension ShardWorker {
    /// The recording loop: every decision's observation, mask, seat, role, action and the
    /// rewards it led to, written straight into the columns.
    @inlinable
    func playRecorded(
        _ episode: Int, row: Int, into rows: ResultRows, policies: UnsafeBufferPointer<Policy<G>>, assignment: SeatAssignment, seed: UInt64
    ) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        trajectories.reserve(steps: game.maxGameLength)
        lastReturnsScratch.reserve(game.seatCount)
        var progress = RecordingProgress(lastReturns: lastReturnsScratch.base, seatCount: game.seatCount)
        while true {
            let player = game.currentPlayer(state)
            if case .chance = player {
                game.apply(game.sampleChance(state, rng: &rng, scratch: outcomes), to: &state)
                continue
            }
            guard case .seat(let seat) = player else { break }
            let role = game.role(of: seat, in: state)
            let index = policies.count == 1 ? 0 : assignment.policy(episode: episode, seat: seat, role: role)
            // The uniform random policy needs no list of the legal actions: the game's own mask
            // and draw can skip listing them (Negotiation's hundreds of offers).
            let listed = !policies[index].isUniformRandom
            if listed { game.legalActions(state, into: legal) }
            let step = recordDecision(state, seat: seat, role: role, episode: episode, legalIsListed: listed, progress: &progress)
            let action =
                listed
                ? policies[index].action(game, state, seat: seat, legal: legal, rng: &rng)
                : game.sampleLegalAction(state, rng: &rng, scratch: legal)
            trajectories.actions.base[step] = Int32(game.actionIndex(action))
            game.apply(action, to: &state)
        }
        recordEpisodeEnd(state, episode: episode, progress: &progress)
        finishEpisode(state, decisions: progress.decisions, row: row, into: rows)
    }

    /// Writes a decision's row (all but the action) and closes the previous row's rewards.
    ///
    /// - Parameters:
    ///   - legalIsListed: whether `legal` holds the legal actions at `state`, for the mask;
    ///     otherwise the game writes the mask (`writeLegalMask`, with `legal` as scratch).
    /// - Precondition: room is reserved.
    /// - Returns: the row, whose action the caller writes.
    @inlinable
    func recordDecision(_ state: G.State, seat: Int, role: Int, episode: Int, legalIsListed: Bool, progress: inout RecordingProgress) -> Int {
        let buffer = trajectories
        if progress.previousRow >= 0 { writeRewards(row: progress.previousRow, state: state, progress: &progress) }
        let row = buffer.pendingSteps
        let observationSize = buffer.observationSize
        let actionCount = buffer.actionCount
        game.writeObservation(
            state, seat: seat, into: UnsafeMutableBufferPointer(start: buffer.observations.base + row * observationSize, count: observationSize))
        let mask = buffer.legalMasks.base + row * actionCount
        if legalIsListed {
            mask.initialize(repeating: 0, count: actionCount)
            for action in legal { mask[game.actionIndex(action)] = 1 }
        } else {
            game.writeLegalMask(state, into: UnsafeMutableBufferPointer(start: mask, count: actionCount), scratch: legal)
        }
        buffer.seats.base[row] = Int32(seat)
        buffer.roles.base[row] = Int32(role)
        buffer.actions.base[row] = -1
        buffer.episodeIDs.base[row] = Int64(episode)
        buffer.stepIndices.base[row] = progress.decisions
        buffer.terminals.base[row] = 0
        buffer.pendingSteps = row &+ 1
        progress.previousRow = row
        progress.decisions &+= 1
        return row
    }

    /// Closes an episode: last rewards, terminal flag and the episode's row.
    @inlinable
    func recordEpisodeEnd(_ state: G.State, episode: Int, progress: inout RecordingProgress) {
        let buffer = trajectories
        let seatCount = game.seatCount
        if progress.previousRow >= 0 {
            writeRewards(row: progress.previousRow, state: state, progress: &progress)
            buffer.terminals.base[progress.previousRow] = 1
        }
        let episodeRow = buffer.pendingEpisodes
        var best = -Double.infinity
        var winner: Int8 = -1
        for seat in 0..<seatCount {
            let value = game.returns(state, seat: seat)
            buffer.returns.base[episodeRow * seatCount + seat] = Float(value)
            if value > best {
                best = value
                winner = Int8(seat)
            } else if value == best {
                winner = -1
            }
        }
        buffer.episodeIndex.base[episodeRow] = Int64(episode)
        buffer.lengths.base[episodeRow] = progress.decisions
        buffer.outcomes.base[episodeRow] = winner
        buffer.pendingEpisodes = episodeRow &+ 1
    }

    /// Fills a decision's rewards: how each seat's return changed since that decision.
    @inlinable
    func writeRewards(row: Int, state: G.State, progress: inout RecordingProgress) {
        let rewards = trajectories.rewards.base + row * game.seatCount
        for seat in 0..<game.seatCount {
            let now = game.returns(state, seat: seat)
            rewards[seat] = Float(now - progress.lastReturns[seat])
            progress.lastReturns[seat] = now
        }
    }
}

/// Where one episode's recording stands.
@usableFromInline
struct RecordingProgress {
    @usableFromInline var decisions: Int32 = 0
    @usableFromInline var previousRow = -1
    /// Each seat's return at the previous decision, in worker-owned storage (no allocation per episode).
    @usableFromInline let lastReturns: UnsafeMutablePointer<Double>

    @inlinable
    init(lastReturns: UnsafeMutablePointer<Double>, seatCount: Int) {
        self.lastReturns = lastReturns
        lastReturns.initialize(repeating: 0, count: seatCount)
    }
}
