extension Werewolf: TeamGame, HeuristicPlayer {
    public var teamNames: [String] { ["werewolves", "village"] }

    public func team(ofRole role: Int) -> Int {
        (Role(rawValue: role)?.team ?? .village).rawValue
    }

    /// `WerewolfHeuristic` with its default weights.
    public func heuristicAction(for seat: Int, in state: State, rng: inout EpisodeRNG) -> Action {
        WerewolfHeuristic().action(for: seat, in: state, game: self, rng: &rng)
    }
}
