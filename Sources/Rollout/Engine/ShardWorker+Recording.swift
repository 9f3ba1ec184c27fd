import Games

extension ShardWorker {
    /// The recording loop: every decision's observation, mask, seat, role, action and the
    /// rewards it led to, written straight into the columns.
    func playRecorded(_ episode: Int, policies: UnsafeBufferPointer<Policy<G>>, assignment: SeatAssignment, seed: UInt64) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        let buffer = trajectories
        buffer.reserve(steps: game.maxGameLength)
        let seatCount = game.seatCount
        let observationSize = game.observationSize
        let actionCount = game.actionCount
        for seat in 0..<seatCount { lastReturns[seat] = 0 }
        var decisions: Int32 = 0
        var previousRow = -1
        while true {
            let player = game.currentPlayer(state)
            if case .chance = player {
                game.chanceOutcomes(state, into: &outcomes)
                game.apply(rng.sample(outcomes), to: &state)
                continue
            }
            if previousRow >= 0 { writeRewards(row: previousRow, state: state) }
            guard case .seat(let seat) = player else { break }
            let row = buffer.seats.count
            game.legalActions(state, into: legal)
            let role = game.role(of: seat, in: state)
            game.writeObservation(state, seat: seat, into: UnsafeMutableBufferPointer(start: buffer.observations.base + row * observationSize, count: observationSize))
            let mask = buffer.legalMasks.base + row * actionCount
            mask.initialize(repeating: 0, count: actionCount)
            for action in legal { mask[game.actionIndex(action)] = 1 }
            let index = policies.count == 1 ? 0 : assignment.policy(episode: episode, seat: seat, role: role)
            let action = policies[index].action(game, state, seat: seat, legal: legal, rng: &rng)
            buffer.seats.base[row] = Int32(seat)
            buffer.roles.base[row] = Int32(role)
            buffer.actions.base[row] = Int32(game.actionIndex(action))
            buffer.episodeIDs.base[row] = Int64(episode)
            buffer.stepIndices.base[row] = decisions
            buffer.terminals.base[row] = 0
            buffer.observations.count += observationSize
            buffer.legalMasks.count += actionCount
            buffer.seats.count += 1
            buffer.roles.count += 1
            buffer.actions.count += 1
            buffer.rewards.count += seatCount
            buffer.episodeIDs.count += 1
            buffer.stepIndices.count += 1
            buffer.terminals.count += 1
            game.apply(action, to: &state)
            previousRow = row
            decisions &+= 1
        }
        if previousRow >= 0 { buffer.terminals.base[previousRow] = 1 }
        let episodeRow = buffer.lengths.count
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
        buffer.lengths.base[episodeRow] = decisions
        buffer.outcomes.base[episodeRow] = winner
        buffer.episodeIndex.count += 1
        buffer.returns.count += seatCount
        buffer.lengths.count += 1
        buffer.outcomes.count += 1
        finishEpisode(state, decisions: decisions)
    }

    /// Fills a decision's rewards: how each seat's return changed since that decision.
    private func writeRewards(row: Int, state: G.State) {
        let rewards = trajectories.rewards.base + row * game.seatCount
        for seat in 0..<game.seatCount {
            let now = game.returns(state, seat: seat)
            rewards[seat] = Float(now - lastReturns[seat])
            lastReturns[seat] = now
        }
    }
}
