import Games

/// Team win rates when each team of a `TeamGame` is played by a fixed policy: Werewolf's
/// random-against-heuristic table, for example.
public struct TeamMatchup: Sendable {
    /// The policy name playing each team, indexed by team.
    public var policies: [String]
    /// Episodes played.
    public var episodes = 0
    /// Episodes each team won (its seats' returns summed above 0), indexed by team.
    public var wins: [Int]
    /// Episodes no team won.
    public var draws = 0
    /// Decisions per episode, summed (for the mean length).
    public var decisions = 0

    @usableFromInline
    init(policies: [String], wins: [Int]) {
        self.policies = policies
        self.wins = wins
    }

    /// The share of episodes `team` won.
    public func winRate(_ team: Int) -> Double { episodes == 0 ? 0 : Double(wins[team]) / Double(episodes) }
    /// The share of drawn episodes.
    public var drawRate: Double { episodes == 0 ? 0 : Double(draws) / Double(episodes) }
    /// Mean decisions per episode.
    public var meanDecisions: Double { episodes == 0 ? 0 : Double(decisions) / Double(episodes) }

    /// Plays `episodes` episodes with `policies[t]` on every seat of team `t`.
    ///
    /// - Parameter progress: called after each batch with (episodes done, `episodes`).
    /// - Precondition: one policy per team.
    /// - Throws: what a batched policy throws.
    @inlinable
    public static func measure<G: TeamGame>(
        _ game: G, policies: [Policy<G>], episodes: Int, options: RolloutOptions, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> TeamMatchup {
        precondition(policies.count == game.teamNames.count, "one policy per team")
        let teamOfRole = (0..<game.roleNames.count).map { game.team(ofRole: $0) }
        var matchup = TeamMatchup(policies: policies.map(\.name), wins: Array(repeating: 0, count: policies.count))
        let engine = RolloutEngine(game: game, options: options)
        try engine.run(episodes: 0..<episodes, policies: policies, assignment: .custom { _, _, role in teamOfRole[role] }) { batch in
            matchup.add(batch.results, teamOfRole: teamOfRole)
            progress(matchup.episodes, episodes)
        }
        return matchup
    }

    @usableFromInline
    mutating func add(_ results: EpisodeResults, teamOfRole: [Int]) {
        for index in 0..<results.count {
            var totals = [Double](repeating: 0, count: wins.count)
            for seat in 0..<results.seatCount {
                totals[teamOfRole[results.roleOf(episode: index, seat: seat)]] += results.returnOf(episode: index, seat: seat)
            }
            if let winner = totals.indices.first(where: { totals[$0] > 0 }) { wins[winner] += 1 } else { draws += 1 }
            decisions += Int(results.lengths[index])
            episodes += 1
        }
    }
}
