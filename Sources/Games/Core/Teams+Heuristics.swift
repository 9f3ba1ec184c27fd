/// Games whose seats play in teams (Werewolf: werewolves against the village).
///
/// Tournaments assign a policy to a whole team rather than to seats, and report per-team win
/// rates. Games without teams do not conform: every seat plays for itself.
public protocol TeamGame: Game {
    /// The names of the teams, indexed by `team(ofRole:)`.
    var teamNames: [String] { get }
    /// The team a role plays for.
    func team(ofRole role: Int) -> Int
}

/// A game that ships a simple rule-based player: the `heuristic` policy of tournaments.
public protocol HeuristicPlayer: Game {
    /// The heuristic's action for `seat` at `state`, reading only what that seat may know and
    /// drawing randomness only from `rng`.
    ///
    /// - Precondition: `seat` is to act at `state`.
    func heuristicAction(for seat: Int, in state: State, rng: inout EpisodeRNG) -> Action
}
