import Foundation
import Games

/// A round robin between policies, seats swapped, with ratings.
public enum Tournament {
    /// The results of one pairing, from the first policy's side.
    public struct Pairing: Sendable {
        /// Index of the first policy.
        public var a: Int
        /// Index of the second policy.
        public var b: Int
        public var episodes = 0
        /// Episodes `a` won (score above one half: see `TournamentTally` for scoring).
        public var wins = 0
        public var draws = 0
        public var losses = 0
        /// Mean over episodes of `a`'s mean return over the seats it played (team games: its team's total).
        public var meanReturn = 0.0
        /// Half-width of the 95% interval of `meanReturn` (1.96 standard errors).
        public var meanReturnInterval = 0.0
        /// Mean of `a`'s episode scores in [0, 1], what the ratings are fitted to.
        public var meanScore = 0.0
        /// `a`'s payoff in the meta-game that Nash averaging solves: per episode, half the
        /// difference between `a`'s and `b`'s mean seat returns (team games: team totals),
        /// averaged. It equals `meanReturn` in two-player zero-sum games; halving the difference
        /// keeps those units while making the meta-game antisymmetric for any seat count.
        public var metaGamePayoff = 0.0
    }

    /// Wins, draws and losses of one policy in one role.
    public struct RoleRecord: Sendable {
        public var policy: Int
        public var role: Int
        public var seatsPlayed = 0
        /// Seat returns above 0.
        public var wins = 0
        /// Seat returns of exactly 0.
        public var draws = 0
        public var losses = 0
        public var totalReturn = 0.0
    }

    /// A rating on the Elo scale with its bootstrap 95% interval.
    public struct Rating: Sendable {
        public var policy: Int
        public var elo: Double
        public var low: Double
        public var high: Double
    }

    /// Everything a tournament measured.
    public struct Result: Sendable {
        public var game: String
        public var policies: [String]
        public var episodesPerPairing: Int
        public var seed: UInt64
        public var pairings: [Pairing]
        /// Bradley-Terry ratings, one per policy.
        public var ratings: [Rating]
        /// Nash averaging of the meta-game of `Pairing.metaGamePayoff`: each policy's mean
        /// return against the maximum-entropy Nash mixture of the line-up, and its weight there.
        public var nash: NashAveraging
        /// Whether returns measure margins (Kuhn Poker's chips) rather than outcomes: some seat
        /// got a return other than the game's lowest, 0 or its highest. Team games count
        /// outcomes. Where returns are margins, winning most games and winning on average differ.
        public var returnsAreMargins: Bool
        public var roleNames: [String]
        public var roles: [RoleRecord]
        /// Team names (empty unless the game is a `TeamGame`).
        public var teamNames: [String]
        /// Per policy and team (`RoleRecord.role` holds the team index): team results.
        public var teams: [RoleRecord]
    }

    /// The pairings of a round robin: every pair once; a single policy plays itself.
    public static func schedule(policyCount: Int) -> [(Int, Int)] {
        guard policyCount > 1 else { return [(0, 0)] }
        var pairs: [(Int, Int)] = []
        for a in 0..<policyCount { for b in (a + 1)..<policyCount { pairs.append((a, b)) } }
        return pairs
    }

    /// Plays `episodesPerPairing` episodes for every pairing, seats swapped between episodes
    /// (in team games, teams swapped). Every pairing replays the same episode seeds, so
    /// pairings meet the same deals.
    ///
    /// `@inlinable` so the engine inside is specialised for the game where the game is known.
    ///
    /// - Parameter progress: called after each batch with (episodes done, episodes in all).
    /// - Throws: what a batched (remote) policy throws.
    @inlinable
    public static func run<G: Game>(
        game: G, policies: [Policy<G>], episodesPerPairing: Int, options: RolloutOptions,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        let engine = RolloutEngine(
            game: game, options: RolloutOptions(seed: options.seed, threads: options.threads, batchSize: options.batchSize, record: false))
        let pairs = schedule(policyCount: policies.count)
        let teamGame = game as? any TeamGame
        let teamOfRole = teamGame.map { teams in (0..<game.roleNames.count).map { teams.team(ofRole: $0) } }
        var tally = TournamentTally(
            seatCount: game.seatCount, policyCount: policies.count, roleCount: game.roleNames.count, teamOfRole: teamOfRole,
            utility: (game.utility.min, game.utility.max), total: pairs.count * episodesPerPairing)
        for (a, b) in pairs {
            tally.beginPairing(a, b)
            let assignment =
                teamOfRole.map { teamOfRole in
                    SeatAssignment.custom { episode, seat, role in
                        TournamentTally.isSideA(episode: episode, seat: seat, role: role, teamOfRole: teamOfRole) ? a : b
                    }
                } ?? .alternating(a, b)
            try engine.run(episodes: 0..<episodesPerPairing, policies: policies, assignment: assignment) { batch in
                tally.add(batch.results)
                progress(tally.done, tally.total)
            }
            tally.endPairing()
        }
        return tally.result(
            game: game.description, policies: policies.map(\.name), roleNames: game.roleNames, teamNames: teamGame?.teamNames ?? [],
            seed: options.seed, episodesPerPairing: episodesPerPairing)
    }
}
