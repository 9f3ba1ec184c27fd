import Foundation
import Games

/// Bradley-Terry ratings on the Elo scale from pairwise results.
///
/// Strengths are fitted by the minorise-maximise iteration (Hunter 2004). Every pair gets
/// one virtual draw as a prior, so a policy that never loses (minimax) keeps a finite
/// rating. Ratings are `400 * log10(strength)`, shifted so they average 0.
public enum BradleyTerry {
    /// Results between two players: `scoreA` counts wins of `a` plus half its draws.
    public struct Comparison: Sendable {
        public var a: Int
        public var b: Int
        public var games: Double
        public var scoreA: Double

        public init(a: Int, b: Int, games: Double, scoreA: Double) {
            self.a = a
            self.b = b
            self.games = games
            self.scoreA = scoreA
        }
    }

    /// Elo-scale ratings of `players` players.
    public static func ratings(players: Int, comparisons: [Comparison], iterations: Int = 500) -> [Double] {
        guard players > 1 else { return Array(repeating: 0, count: players) }
        var games = [[Double]](repeating: [Double](repeating: 0, count: players), count: players)
        var score = [Double](repeating: 0, count: players)
        for comparison in comparisons where comparison.a != comparison.b {
            // The prior: one extra game between the two, drawn.
            let total = comparison.games + 1
            games[comparison.a][comparison.b] += total
            games[comparison.b][comparison.a] += total
            score[comparison.a] += comparison.scoreA + 0.5
            score[comparison.b] += comparison.games - comparison.scoreA + 0.5
        }
        var strength = [Double](repeating: 1, count: players)
        for _ in 0..<iterations {
            var next = strength
            for i in 0..<players {
                var denominator = 0.0
                for j in 0..<players where j != i && games[i][j] > 0 {
                    denominator += games[i][j] / (strength[i] + strength[j])
                }
                if denominator > 0 { next[i] = score[i] / denominator }
            }
            // Fix the scale: geometric mean 1.
            let meanLog = next.map { log10($0) }.reduce(0, +) / Double(players)
            strength = next.map { $0 / pow(10, meanLog) }
        }
        return strength.map { 400 * log10(Swift.max($0, 1e-300)) }
    }

    /// Ratings with bootstrap 95% intervals: each pairing's episodes are resampled with
    /// replacement and the ratings refitted.
    ///
    /// - Parameter pairs: per pairing, the first player's score in each episode, in [0, 1]
    ///   (1 a win, 0.5 a draw, 0 a loss; fractions for games scored by margin).
    public static func ratingsWithIntervals(
        players: Int, pairs: [(a: Int, b: Int, scores: [Double])], samples: Int = 200, seed: UInt64 = 0
    ) -> (ratings: [Double], low: [Double], high: [Double]) {
        func comparison(_ a: Int, _ b: Int, _ total: Double, _ count: Int) -> Comparison {
            Comparison(a: a, b: b, games: Double(count), scoreA: total)
        }
        let point = ratings(players: players, comparisons: pairs.map { comparison($0.a, $0.b, $0.scores.reduce(0, +), $0.scores.count) })
        var rng = EpisodeRNG(seed: seed, episode: 0xB007)
        var draws = [[Double]](repeating: [], count: players)
        for _ in 0..<samples {
            let resampled = pairs.map { pair -> Comparison in
                var total = 0.0
                let count = pair.scores.count
                for _ in 0..<count { total += pair.scores[rng.index(below: count)] }
                return comparison(pair.a, pair.b, total, count)
            }
            let sample = ratings(players: players, comparisons: resampled, iterations: 200)
            for player in 0..<players { draws[player].append(sample[player]) }
        }
        let low = draws.map { percentile($0, 0.025) }
        let high = draws.map { percentile($0, 0.975) }
        return (point, low, high)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }
}
