import Games
import Solvers

extension Policy {
    /// Perfect play from a solved perfect-information game: an optimal action, uniformly
    /// among ties (drawn from the episode's RNG).
    public static func minimax(_ solution: PerfectPlaySolution<G>, name: String = "minimax") -> Policy {
        let table = solution.optimalActionTable()
        return Policy(name: name) { _, state, _, legal, rng in
            guard let actions = table[state], !actions.isEmpty else {
                return legal[rng.index(below: legal.count)]
            }
            return actions[rng.index(below: actions.count)]
        }
    }

    /// Plays a tabular policy (e.g. CFR's average policy) by the acting seat's information
    /// state; states missing from the table play uniformly.
    public static func tabular(_ table: TabularPolicy, name: String) -> Policy {
        Policy(name: name) { game, state, seat, legal, rng in
            let indices = legal.map { game.actionIndex($0) }
            let chosen = table.sampleAction(forInformationState: game.informationState(state, seat: seat), legalActions: indices, using: &rng)
            return legal[indices.firstIndex(of: chosen) ?? 0]
        }
    }
}
