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
    /// Per-episode results of the current shard, written through pointers like the trajectories.
    @usableFromInline let returns = Column<Double>()
    @usableFromInline let lengths = Column<Int32>()
    @usableFromInline let roles = Column<Int32>()
    @usableFromInline var firstEpisode = 0
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

    /// Plays `episodes` with policies chosen by `assignment`; keeps results (and trajectories when `record`).
    @inlinable
    func play(_ episodes: Range<Int>, policies: [Policy<G>], assignment: SeatAssignment, seed: UInt64, record: Bool) throws {
        firstEpisode = episodes.lowerBound
        returns.count = 0
        lengths.count = 0
        roles.count = 0
        returns.reserve(episodes.count * game.seatCount)
        roles.reserve(episodes.count * game.seatCount)
        lengths.reserve(episodes.count)
        trajectories.removeAll()
        if policies.contains(where: \.isBatched) {
            try policies.withUnsafeBufferPointer { policies in
                try playLockstep(episodes, policies: policies, assignment: assignment, seed: seed, record: record)
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
                for episode in episodes { playUniformRandom(episode, seed: seed) }
                return
            }
            for episode in episodes {
                if record {
                    playRecorded(episode, policies: policies, assignment: assignment, seed: seed)
                } else {
                    playUnrecorded(episode, policies: policies, assignment: assignment, seed: seed)
                }
            }
        }
        trajectories.commitRows()
    }

    /// The shard's results as a value (one copy per batch).
    @inlinable
    var results: EpisodeResults {
        var results = EpisodeResults(seatCount: game.seatCount, firstEpisode: firstEpisode)
        results.returns = returns.array
        results.lengths = lengths.array
        results.roles = roles.array
        return results
    }

    /// The evaluation loop: no recording, nothing but rules and policies.
    @inlinable
    func playUnrecorded(_ episode: Int, policies: UnsafeBufferPointer<Policy<G>>, assignment: SeatAssignment, seed: UInt64) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        var decisions: Int32 = 0
        while true {
            switch game.currentPlayer(state) {
            case .terminal:
                finishEpisode(state, decisions: decisions, row: lengths.count)
                return
            case .chance:
                game.chanceOutcomes(state, into: outcomes)
                game.apply(rng.sample(outcomes), to: &state)
            case .seat(let seat):
                game.legalActions(state, into: legal)
                let index = policies.count == 1 ? 0 : assignment.policy(episode: episode, seat: seat, role: game.role(of: seat, in: state))
                game.apply(policies[index].action(game, state, seat: seat, legal: legal, rng: &rng), to: &state)
                decisions &+= 1
            }
        }
    }

    /// Stores an episode's results at `row` (its position in the shard).
    /// `playUnrecorded` with one uniform random policy on every seat.
    @inlinable
    func playUniformRandom(_ episode: Int, seed: UInt64) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        var decisions: Int32 = 0
        while true {
            switch game.currentPlayer(state) {
            case .terminal:
                finishEpisode(state, decisions: decisions, row: lengths.count)
                return
            case .chance:
                game.chanceOutcomes(state, into: outcomes)
                game.apply(rng.sample(outcomes), to: &state)
            case .seat:
                game.legalActions(state, into: legal)
                game.apply(legal[rng.index(below: legal.count)], to: &state)
                decisions &+= 1
            }
        }
    }

    @inlinable
    func finishEpisode(_ state: G.State, decisions: Int32, row: Int) {
        for seat in 0..<game.seatCount {
            returns.base[row &* game.seatCount &+ seat] = game.returns(state, seat: seat)
            roles.base[row &* game.seatCount &+ seat] = Int32(game.role(of: seat, in: state))
        }
        lengths.base[row] = decisions
        returns.count &+= game.seatCount
        roles.count &+= game.seatCount
        lengths.count &+= 1
    }
}
