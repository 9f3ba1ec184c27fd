import Games

/// Plays a contiguous range of episodes on one thread, with storage it keeps between
/// batches: after the first batch, playing allocates nothing per step.
///
/// Its methods are `@inlinable` so that they are specialised for the game in the module that
/// chooses it (the CLI); unspecialised, the loop ran 80x slower on metadata lookups.
@usableFromInline
final class ShardWorker<G: Game>: @unchecked Sendable {
    @usableFromInline let game: G
    @usableFromInline let legal: ActionBuffer<G.Action>
    @usableFromInline let outcomes: ActionBuffer<ChanceOutcome<G.Action>>
    /// Seats' returns at their previous decision, per live episode, for recorded rewards.
    @usableFromInline let lastReturnsScratch = Column<Double>()
    @usableFromInline let trajectories: TrajectoryBuffer

    @usableFromInline
    init(game: G) {
        self.game = game
        legal = game.makeActionBuffer()
        outcomes = game.makeChanceBuffer()
        trajectories = TrajectoryBuffer(observationSize: game.observationSize, actionCount: game.actionCount, seatCount: game.seatCount)
    }

    /// Plays `episodes` with policies chosen by `assignment`, writing each episode's results
    /// into `rows` (row 0 for the first episode) and, when `record`, its trajectory.
    @inlinable
    func play(_ episodes: Range<Int>, into rows: ResultRows, policies: [Policy<G>], assignment: SeatAssignment, seed: UInt64, record: Bool) throws {
        trajectories.removeAll()
        if policies.contains(where: \.isBatched) {
            try policies.withUnsafeBufferPointer { policies in
                try playLockstep(episodes, into: rows, policies: policies, assignment: assignment, seed: seed, record: record)
            }
            trajectories.commitRows()
            return
        }
        // Reading policies through a pointer borrows them: copying one out of the array per
        // decision retained its closure, which cost more than a TicTacToe step.
        policies.withUnsafeBufferPointer { policies in
            if !record, policies.count == 1, policies[0].isUniformRandom {
                // Random self-play, the benchmark and evaluation staple: no policy value is
                // touched per step (copying the policy's enum cost a call and a retain).
                playUniformRandom(episodes, into: rows, seed: seed)
                return
            }
            for (row, episode) in episodes.enumerated() {
                if record {
                    playRecorded(episode, row: row, into: rows, policies: policies, assignment: assignment, seed: seed)
                } else {
                    playUnrecorded(episode, row: row, into: rows, policies: policies, assignment: assignment, seed: seed)
                }
            }
        }
        trajectories.commitRows()
    }

    /// The evaluation loop: no recording, nothing but rules and policies.
    @inlinable
    func playUnrecorded(
        _ episode: Int, row: Int, into rows: ResultRows, policies: UnsafeBufferPointer<Policy<G>>, assignment: SeatAssignment, seed: UInt64
    ) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        var decisions: Int32 = 0
        while true {
            switch game.currentPlayer(state) {
            case .terminal:
                finishEpisode(state, decisions: decisions, row: row, into: rows)
                return
            case .chance:
                game.apply(game.sampleChance(state, rng: &rng, scratch: outcomes), to: &state)
            case .seat(let seat):
                let index = policies.count == 1 ? 0 : assignment.policy(episode: episode, seat: seat, role: game.role(of: seat, in: state))
                if policies[index].isUniformRandom {
                    // The game's own draw, which need not list the legal actions.
                    game.apply(game.sampleLegalAction(state, rng: &rng, scratch: legal), to: &state)
                } else {
                    game.legalActions(state, into: legal)
                    game.apply(policies[index].action(game, state, seat: seat, legal: legal, rng: &rng), to: &state)
                }
                decisions &+= 1
            }
        }
    }

    /// `playUnrecorded` with one uniform random policy on every seat, for a whole shard: the
    /// loop over episodes is inside, so that what an episode's loop reads from the worker (the
    /// game, the scratch list) is loaded once a shard rather than once an episode, which
    /// counts for games of a few steps.
    @inlinable
    func playUniformRandom(_ episodes: Range<Int>, into rows: ResultRows, seed: UInt64) {
        let game = self.game
        let legal = self.legal
        let outcomes = self.outcomes
        for (row, episode) in episodes.enumerated() {
            var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
            var state = game.initialState()
            let decisions = game.playOutRandomly(&state, rng: &rng, legal: legal, outcomes: outcomes)
            finishEpisode(state, decisions: Int32(truncatingIfNeeded: decisions), row: row, into: rows)
        }
    }

    /// Stores an episode's results at `row` of `rows` (its position in the shard).
    ///
    /// Inlined: a call cost a fifth of this for Kuhn Poker, whose episodes are a few steps.
    @inlinable @inline(__always)
    func finishEpisode(_ state: G.State, decisions: Int32, row: Int, into rows: ResultRows) {
        let seatCount = rows.seatCount
        for seat in 0..<seatCount {
            rows.returns[row &* seatCount &+ seat] = game.returns(state, seat: seat)
            rows.roles[row &* seatCount &+ seat] = Int32(truncatingIfNeeded: game.role(of: seat, in: state))
        }
        rows.lengths[row] = decisions
    }
}
