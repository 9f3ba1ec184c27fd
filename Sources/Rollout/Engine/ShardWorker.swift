import Games

/// Plays a contiguous range of episodes on one thread, with storage it keeps between
/// batches: after the first batch, playing allocates nothing per step.
final class ShardWorker<G: Game>: @unchecked Sendable {
    let game: G
    let legal: ActionBuffer<G.Action>
    var outcomes: [ChanceOutcome<G.Action>] = []
    var results: EpisodeResults
    let trajectories: TrajectoryBuffer
    /// Each seat's return at the previous decision, for per-step rewards.
    var lastReturns: [Double]

    init(game: G) {
        self.game = game
        legal = game.makeActionBuffer()
        results = EpisodeResults(seatCount: game.seatCount, firstEpisode: 0)
        trajectories = TrajectoryBuffer(observationSize: game.observationSize, actionCount: game.actionCount, seatCount: game.seatCount)
        lastReturns = Array(repeating: 0, count: game.seatCount)
    }

    /// Plays `episodes` with policies chosen by `assignment`; keeps results (and trajectories when `record`).
    func play(_ episodes: Range<Int>, policies: [Policy<G>], assignment: SeatAssignment, seed: UInt64, record: Bool) {
        results.removeAll(firstEpisode: episodes.lowerBound)
        trajectories.removeAll()
        for episode in episodes {
            if record {
                playRecorded(episode, policies: policies, assignment: assignment, seed: seed)
            } else {
                playUnrecorded(episode, policies: policies, assignment: assignment, seed: seed)
            }
        }
    }

    /// The evaluation loop: no recording, nothing but rules and policies.
    @inline(__always)
    private func playUnrecorded(_ episode: Int, policies: [Policy<G>], assignment: SeatAssignment, seed: UInt64) {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        var decisions: Int32 = 0
        while true {
            switch game.currentPlayer(state) {
            case .terminal:
                finishEpisode(state, decisions: decisions)
                return
            case .chance:
                game.chanceOutcomes(state, into: &outcomes)
                game.apply(rng.sample(outcomes), to: &state)
            case .seat(let seat):
                game.legalActions(state, into: legal)
                let policy = policies[assignment.policy(episode: episode, seat: seat, role: game.role(of: seat, in: state))]
                game.apply(policy.action(game, state, seat: seat, legal: legal, rng: &rng), to: &state)
                decisions &+= 1
            }
        }
    }

    func finishEpisode(_ state: G.State, decisions: Int32) {
        for seat in 0..<game.seatCount {
            results.returns.append(game.returns(state, seat: seat))
            results.roles.append(Int32(game.role(of: seat, in: state)))
        }
        results.lengths.append(decisions)
    }
}
