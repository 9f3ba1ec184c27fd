import Games

/// Knuth's estimate of the size of a game tree, from a few random paths: the sum over a
/// path's depths of the product of the branching factors above, averaged over paths. Its
/// expectation is the exact number of histories; one estimate takes microseconds, so solvers
/// use it to refuse huge games before enumerating anything.
public enum TreeSizeEstimate {
    /// An estimate of the number of histories (nodes, chance and terminal included) of `game`.
    ///
    /// - Parameters:
    ///   - probes: how many random root-to-leaf paths to average (deterministic: a fixed seed).
    /// - Returns: the estimate; exact for trees whose branching depends only on the depth.
    public static func histories<G: Game>(of game: G, probes: Int = 64) -> Double {
        var rng = EpisodeRNG(seed: 0x5EED_0F_7EE5, episode: 0)
        let actions = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        var total = 0.0
        for _ in 0..<probes {
            var state = game.initialState()
            var width = 1.0
            var sum = 0.0
            walk: while true {
                sum += width
                switch game.currentPlayer(state) {
                case .terminal:
                    break walk
                case .chance:
                    game.chanceOutcomes(state, into: outcomes)
                    guard !outcomes.isEmpty else { break walk }
                    width *= Double(outcomes.count)
                    game.apply(outcomes[rng.index(below: outcomes.count)].action, to: &state)
                case .seat:
                    game.legalActions(state, into: actions)
                    guard !actions.isEmpty else { break walk }
                    width *= Double(actions.count)
                    game.apply(actions[rng.index(below: actions.count)], to: &state)
                }
            }
            total += sum
        }
        return total / Double(max(probes, 1))
    }
}
