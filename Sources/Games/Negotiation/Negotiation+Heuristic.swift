extension Negotiation: HeuristicPlayer {
    /// `NegotiationHeuristic` with its default minimum gain: value-greedy trades only.
    public func heuristicAction(for seat: Int, in state: State, rng: inout EpisodeRNG) -> Action {
        NegotiationHeuristic().action(for: seat, in: state, game: self, rng: &rng)
    }
}
