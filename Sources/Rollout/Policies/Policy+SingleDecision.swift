import Games

extension Policy {
    /// The policy's action at one decision, for callers that play one game at a time (a
    /// person against a bot in `games play`) rather than through the engine.
    ///
    /// A per-decision policy answers at once, drawing from `rng`; a batched policy (a remote
    /// learner) is asked with a batch of one decision, as the engine would ask it.
    ///
    /// - Parameters:
    ///   - state: a state where `seat` acts.
    ///   - episode: the episode id the batch carries (batched policies only).
    /// - Throws: what a batched policy throws, or `BatchPolicyError` when it answers with
    ///   anything but one legal action.
    public func decide(_ game: G, _ state: G.State, seat: Int, episode: Int = 0, rng: inout EpisodeRNG) throws -> G.Action {
        let legal = game.makeActionBuffer()
        game.legalActions(state, into: legal)
        precondition(!legal.isEmpty, "decide needs a state where a seat acts")
        guard case .batched(let batchPolicy) = rule else {
            return action(game, state, seat: seat, legal: legal, rng: &rng)
        }
        var observation = [Float](repeating: 0, count: game.observationSize)
        observation.withUnsafeMutableBufferPointer { game.writeObservation(state, seat: seat, into: $0) }
        var batch = DecisionBatch(observationSize: game.observationSize, actionCount: game.actionCount)
        batch.append(observation: observation, legal: legal, game: game, seat: seat, role: game.role(of: seat, in: state), episode: episode)
        let chosen = try batchPolicy.act(batch)
        guard chosen.count == 1 else {
            throw BatchPolicyError(description: "policy '\(name)' answered \(chosen.count) actions for 1 decision")
        }
        guard let action = game.action(atIndex: Int(chosen[0])), legal.contains(action) else {
            throw BatchPolicyError(description: "policy '\(name)' chose action \(chosen[0]), which is not legal")
        }
        return action
    }
}
