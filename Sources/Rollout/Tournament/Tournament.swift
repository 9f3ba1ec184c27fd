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
        /// Episodes where `a`'s mean return over its seats beat `b`'s.
        public var wins = 0
        public var draws = 0
        public var losses = 0
        /// Mean over episodes of `a`'s mean return over the seats it played.
        public var meanReturn = 0.0
        /// Half-width of the 95% interval of `meanReturn` (1.96 standard errors).
        public var meanReturnInterval = 0.0
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
        public var ratings: [Rating]
        public var roleNames: [String]
        public var roles: [RoleRecord]
    }

    /// The pairings of a round robin: every pair once; a single policy plays itself.
    public static func schedule(policyCount: Int) -> [(Int, Int)] {
        guard policyCount > 1 else { return [(0, 0)] }
        var pairs: [(Int, Int)] = []
        for a in 0..<policyCount { for b in (a + 1)..<policyCount { pairs.append((a, b)) } }
        return pairs
    }

    /// Plays `episodesPerPairing` episodes for every pairing, seats swapped between episodes
    /// (`SeatAssignment.alternating`). Every pairing replays the same episode seeds, so
    /// pairings meet the same deals.
    ///
    /// - Parameter progress: called after each batch with (episodes done, episodes in all).
    /// - Throws: what a batched (remote) policy throws.
    public static func run<G: Game>(
        game: G, policies: [Policy<G>], episodesPerPairing: Int, options: RolloutOptions,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: options.seed, threads: options.threads, batchSize: options.batchSize, record: false))
        let pairs = schedule(policyCount: policies.count)
        let total = pairs.count * episodesPerPairing
        var done = 0
        var pairings: [Pairing] = []
        var roles: [Int: RoleRecord] = [:]
        for (a, b) in pairs {
            let assignment = SeatAssignment.alternating(a, b)
            var pairing = Pairing(a: a, b: b)
            var scores: [Double] = []
            try engine.run(episodes: 0..<episodesPerPairing, policies: policies, assignment: assignment) { batch in
                let results = batch.results
                for index in 0..<results.count {
                    let episode = results.firstEpisode + index
                    var sum = (a: 0.0, b: 0.0)
                    var seats = (a: 0, b: 0)
                    for seat in 0..<game.seatCount {
                        let value = results.returnOf(episode: index, seat: seat)
                        let role = results.roleOf(episode: index, seat: seat)
                        let policy = assignment.policy(episode: episode, seat: seat, role: role)
                        if policy == a && (a != b || seat % 2 == episode % 2) {
                            sum.a += value
                            seats.a += 1
                        } else {
                            sum.b += value
                            seats.b += 1
                        }
                        var record = roles[policy * 1024 + role] ?? RoleRecord(policy: policy, role: role)
                        record.seatsPlayed += 1
                        record.totalReturn += value
                        if value > 0 { record.wins += 1 } else if value < 0 { record.losses += 1 } else { record.draws += 1 }
                        roles[policy * 1024 + role] = record
                    }
                    let scoreA = seats.a > 0 ? sum.a / Double(seats.a) : 0
                    let scoreB = seats.b > 0 ? sum.b / Double(seats.b) : 0
                    if scoreA > scoreB { pairing.wins += 1 } else if scoreA < scoreB { pairing.losses += 1 } else { pairing.draws += 1 }
                    scores.append(scoreA)
                }
                done += results.count
                progress(done, total)
            }
            pairing.episodes = scores.count
            let mean = scores.reduce(0, +) / Double(Swift.max(scores.count, 1))
            let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(scores.count - 1, 1))
            pairing.meanReturn = mean
            pairing.meanReturnInterval = 1.96 * (variance / Double(Swift.max(scores.count, 1))).squareRoot()
            pairings.append(pairing)
        }
        let fitted = BradleyTerry.ratingsWithIntervals(
            players: policies.count,
            pairs: pairings.filter { $0.a != $0.b }.map { ($0.a, $0.b, $0.wins, $0.draws, $0.losses) },
            seed: options.seed)
        let ratings = (0..<policies.count).map { Rating(policy: $0, elo: fitted.ratings[$0], low: fitted.low[$0], high: fitted.high[$0]) }
        return Result(
            game: game.description, policies: policies.map(\.name), episodesPerPairing: episodesPerPairing, seed: options.seed,
            pairings: pairings, ratings: ratings, roleNames: game.roleNames,
            roles: roles.values.sorted { ($0.policy, $0.role) < ($1.policy, $1.role) })
    }
}
