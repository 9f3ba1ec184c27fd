import Games

/// The conformance checker every game passes: seeded random playouts that check, at every
/// state, the contract of `Game` (legal actions, chance outcomes, returns, tensors, text face,
/// serialisation, determinism, invalid-move handling, and that a game's own draws and random
/// rollouts draw what the step-by-step defaults draw).
///
/// It is meant for games still being written, so it survives their bugs: a seat with no legal
/// actions or a chance node with no outcomes is reported, not trapped on. Each episode stops at
/// its first state that breaks a rule; the report names every rule that state broke, with the
/// episode's seed and the actions that led there.
///
/// Call it from any test framework and assert the report is clean:
/// ```swift
/// let report = GameConformance.check(MyGame(), episodes: 200)
/// #expect(report.failures.isEmpty, "\(report)")
/// ```
public enum GameConformance {
    /// Plays `episodes` random episodes of `game` and checks every state on the way.
    ///
    /// When the sizes the checks allocate by (seats, actions, observation shape) are wrong, the
    /// report says so and no episode is played.
    ///
    /// - Parameters:
    ///   - episodes: how many seeded random playouts to run.
    ///   - seed: the run seed; episode `i` uses `EpisodeRNG(seed:episode: i)`.
    ///   - maxFailures: stop collecting after this many failures (the report says so).
    /// - Returns: what was checked and every failure, each naming the rule and where it broke.
    public static func check<G: Game>(_ game: G, episodes: Int = 100, seed: UInt64 = 0, maxFailures: Int = 20) -> ConformanceReport {
        let checker = Checker(game: game, maxFailures: maxFailures)
        guard checker.checkSizes() else { return checker.report }
        checker.checkStaticFacts()
        for episode in 0..<episodes where !checker.isFull {
            checker.checkEpisode(seed: seed, episode: UInt64(episode))
        }
        // `Episode` relies on the rules checked above; on a game that breaks them it could trap.
        if checker.report.passed { checker.checkInvalidMovePolicy(seed: seed) }
        return checker.report
    }
}

/// One broken rule of the `Game` contract, and where it broke.
public struct ConformanceFailure: Sendable, Hashable, CustomStringConvertible {
    /// Where in an episode a rule broke: enough to replay it.
    public struct Place: Sendable, Hashable {
        /// The run seed.
        public var seed: UInt64
        /// The episode index: the episode plays with `EpisodeRNG(seed: seed, episode: episode)`.
        public var episode: UInt64
        /// The text of each action played from the initial state to the failing state, chance
        /// outcomes included, each written as `actionText` wrote it in the state it was played in.
        public var history: [String]
        /// The number of actions played before the failing state.
        public var step: Int { history.count }
    }

    /// The rule and how it broke, e.g. `chance probabilities sum to 0.9, not 1`.
    public var rule: String
    /// Where it broke; `nil` for facts about the game as a whole (sizes, action indices, the
    /// game string, the invalid-move contract).
    public var place: Place?

    /// The rule, after the episode, seed, step and history when it broke in an episode.
    public var description: String {
        guard let place else { return rule }
        let history = place.history.isEmpty ? "from the initial state" : "after " + place.history.joined(separator: ", ")
        return "episode \(place.episode) (seed \(place.seed)) step \(place.step), \(history): \(rule)"
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
    /// Each failure: which rule broke and where.
    public var failures: [ConformanceFailure] = []
    /// Whether more failures happened than `maxFailures` let the report keep.
    public var stoppedEarly = false

    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty && !stoppedEarly }

    public var description: String {
        let head = "\(game): \(episodes) episodes, \(statesChecked) states"
        guard !failures.isEmpty else { return head + ", all checks passed" }
        let tail = stoppedEarly ? ["(stopped after \(failures.count) failures)"] : []
        return head + ", \(failures.count) failures:\n" + (failures.map(\.description) + tail).joined(separator: "\n")
    }
}
