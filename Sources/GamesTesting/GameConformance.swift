import Games

/// The conformance checker every game passes: seeded random playouts that check, at every
/// state, the contract of `Game` (legal actions, chance outcomes, returns, tensors, text face,
/// serialisation, determinism, invalid-move handling).
///
/// Call it from any test framework and assert the report is clean:
/// ```swift
/// let report = GameConformance.check(MyGame(), episodes: 200)
/// #expect(report.failures.isEmpty, "\(report)")
/// ```
public enum GameConformance {
    /// Plays `episodes` random episodes of `game` and checks every state on the way.
    ///
    /// - Parameters:
    ///   - episodes: how many seeded random playouts to run.
    ///   - seed: the run seed; episode `i` uses `EpisodeRNG(seed:episode: i)`.
    ///   - maxFailures: stop collecting after this many failures (the report says so).
    /// - Returns: what was checked and every failure, each naming the episode, step and rule.
    public static func check<G: Game>(_ game: G, episodes: Int = 100, seed: UInt64 = 0, maxFailures: Int = 20) -> ConformanceReport {
        let checker = Checker(game: game, maxFailures: maxFailures)
        checker.checkStaticFacts()
        for episode in 0..<episodes where !checker.isFull {
            let first = checker.playout(seed: seed, episode: UInt64(episode))
            let second = Checker(game: game, maxFailures: 0).trajectory(seed: seed, episode: UInt64(episode))
            if first != second {
                checker.fail("episode \(episode): the same seed gave a different trajectory")
            }
        }
        if !checker.isFull { checker.checkInvalidMovePolicy(seed: seed) }
        return checker.report
    }
}

/// What a conformance run checked and what failed.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    /// The game string checked.
    public var game: String
    /// Episodes played.
    public var episodes = 0
    /// States checked (every state of every episode, terminal ones included).
    public var statesChecked = 0
    /// Each failure: where (episode, step) and which rule broke.
    public var failures: [String] = []

    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty }

    public var description: String {
        let head = "\(game): \(episodes) episodes, \(statesChecked) states"
        return failures.isEmpty ? head + ", all checks passed" : head + ", \(failures.count) failures:\n" + failures.joined(separator: "\n")
    }
}
