import Games

extension ShardWorker {
    /// Plays a shard's episodes side by side so that each batched policy is asked once per
    /// round for every game waiting on it; per-decision policies still act at once, drawing
    /// from each episode's own RNG exactly as the one-episode-at-a-time path does.
    ///
    /// Rows are recorded as decisions happen (interleaved across episodes) and put back in
    /// episode order at the end, so the columns look the same as on the other path.
    @inlinable
    func playLockstep(
        _ episodes: Range<Int>, into rows: ResultRows, policies: UnsafeBufferPointer<Policy<G>>, assignment: SeatAssignment, seed: UInt64,
        record: Bool
    ) throws {
        let count = episodes.count
        let seatCount = game.seatCount
        var states = [G.State](repeating: game.initialState(), count: count)
        var rngs = episodes.map { EpisodeRNG(seed: seed, episode: UInt64($0)) }
        lastReturnsScratch.reserve(count * seatCount)
        var progress = (0..<count).map { RecordingProgress(lastReturns: lastReturnsScratch.base + $0 * seatCount, seatCount: seatCount) }
        var waitingOnBatch = [Bool](repeating: false, count: count)
        var finished = [Bool](repeating: false, count: count)
        var batches = policies.map { _ in DecisionBatch(observationSize: game.observationSize, actionCount: game.actionCount) }
        var waiting = [[(slot: Int, row: Int)]](repeating: [], count: policies.count)
        var remaining = count
        var observation = [Float](repeating: 0, count: game.observationSize)
        while remaining > 0 {
            for slot in 0..<count where !finished[slot] && !waitingOnBatch[slot] {
                let episode = episodes.lowerBound + slot
                advance: while true {
                    switch game.currentPlayer(states[slot]) {
                    case .terminal:
                        if record { recordEpisodeEnd(states[slot], episode: episode, progress: &progress[slot]) }
                        finishEpisode(states[slot], decisions: progress[slot].decisions, row: slot, into: rows)
                        finished[slot] = true
                        remaining -= 1
                        break advance
                    case .chance:
                        game.apply(game.sampleChance(states[slot], rng: &rngs[slot], scratch: outcomes), to: &states[slot])
                    case .seat(let seat):
                        game.legalActions(states[slot], into: legal)
                        let role = game.role(of: seat, in: states[slot])
                        var row = -1
                        if record {
                            trajectories.reserve(steps: 1)
                            row = recordDecision(
                                states[slot], seat: seat, role: role, episode: episode, legalIsListed: true, progress: &progress[slot])
                        } else {
                            progress[slot].decisions &+= 1
                        }
                        let index = policies.count == 1 ? 0 : assignment.policy(episode: episode, seat: seat, role: role)
                        if policies[index].isBatched {
                            observation.withUnsafeMutableBufferPointer { game.writeObservation(states[slot], seat: seat, into: $0) }
                            batches[index].append(observation: observation, legal: legal, game: game, seat: seat, role: role, episode: episode)
                            waiting[index].append((slot, row))
                            waitingOnBatch[slot] = true
                            break advance
                        }
                        let action = policies[index].action(game, states[slot], seat: seat, legal: legal, rng: &rngs[slot])
                        if row >= 0 { trajectories.actions.base[row] = Int32(game.actionIndex(action)) }
                        game.apply(action, to: &states[slot])
                    }
                }
            }
            for index in policies.indices where !waiting[index].isEmpty {
                guard case .batched(let batchPolicy) = policies[index].rule else { continue }
                let chosen = try batchPolicy.act(batches[index])
                guard chosen.count == waiting[index].count else {
                    throw BatchPolicyError(
                        description: "policy '\(policies[index].name)' answered \(chosen.count) actions for \(waiting[index].count) decisions")
                }
                for (position, entry) in waiting[index].enumerated() {
                    let actionIndex = Int(chosen[position])
                    let maskStart = position * game.actionCount
                    guard (0..<game.actionCount).contains(actionIndex), batches[index].legalMasks[maskStart + actionIndex] == 1,
                        let action = game.action(atIndex: actionIndex)
                    else {
                        throw BatchPolicyError(
                            description:
                                "policy '\(policies[index].name)' chose action \(actionIndex), which is not legal in episode \(episodes.lowerBound + entry.slot)"
                        )
                    }
                    if entry.row >= 0 { trajectories.actions.base[entry.row] = Int32(actionIndex) }
                    game.apply(action, to: &states[entry.slot])
                    waitingOnBatch[entry.slot] = false
                }
                batches[index].removeAll()
                waiting[index].removeAll()
            }
        }
        if record { trajectories.sortByEpisode() }
    }
}

extension DecisionBatch {
    @usableFromInline
    mutating func append<G: Game>(observation: [Float], legal: ActionBuffer<G.Action>, game: G, seat: Int, role: Int, episode: Int) {
        observations += observation
        let start = legalMasks.count
        legalMasks += repeatElement(0, count: actionCount)
        for action in legal { legalMasks[start + game.actionIndex(action)] = 1 }
        seats.append(Int32(seat))
        roles.append(Int32(role))
        episodeIDs.append(Int64(episode))
    }
}
