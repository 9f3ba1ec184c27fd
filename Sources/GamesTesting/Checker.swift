import Games

/// The state-by-state checks behind `GameConformance`.
///
/// The game under test may break any rule, so nothing here indexes a list the game returned
/// before a check has shown it is usable: an episode stops at its first state that breaks a
/// rule, and only checked lists feed the random playout.
struct Checker<G: Game> {
    /// Collects results; a reference so that checks can read `game` while recording.
    final class Log {
        var report: ConformanceReport
        /// The episode being checked and the actions played so far; `nil` outside episodes.
        var episode: (seed: UInt64, index: UInt64, played: [G.Action])?
        /// Whether a rule broke since the episode began (counted even when the report is full).
        var episodeBroke = false
        init(game: String) { report = ConformanceReport(game: game) }
    }

    let game: G
    let maxFailures: Int
    let log: Log

    init(game: G, maxFailures: Int) {
        self.game = game
        self.maxFailures = maxFailures
        log = Log(game: game.description)
    }

    var report: ConformanceReport { log.report }
    var isFull: Bool { log.report.failures.count >= maxFailures }

    /// Records a broken rule with the episode it broke in, if any.
    func fail(_ rule: String) {
        log.episodeBroke = true
        guard !isFull else {
            log.report.stoppedEarly = true
            return
        }
        let place = log.episode.map { episode in
            ConformanceFailure.Place(seed: episode.seed, episode: episode.index, history: historyText(episode.played))
        }
        log.report.failures.append(ConformanceFailure(rule: rule, place: place))
    }

    func expect(_ condition: Bool, _ rule: @autoclosure () -> String) {
        if !condition { fail(rule()) }
    }

    /// The text of each action of `played`, each written in the state it was played in.
    func historyText(_ played: [G.Action]) -> [String] {
        var state = game.initialState()
        return played.map { action in
            defer { game.apply(action, to: &state) }
            return game.actionText(action, in: state)
        }
    }

    /// The sizes every state check allocates by; returns whether they are usable.
    func checkSizes() -> Bool {
        let before = log.report.failures.count
        expect(game.seatCount >= 1, "seatCount must be at least 1, is \(game.seatCount)")
        expect(game.actionCount >= 1, "actionCount must be at least 1, is \(game.actionCount)")
        expect(
            !game.observationShape.isEmpty && game.observationShape.allSatisfy { $0 > 0 },
            "observationShape \(game.observationShape) must be non-empty and positive")
        return log.report.failures.count == before && !log.report.stoppedEarly
    }

    /// Facts that do not depend on a state: roles, utility, action indices and the game string round trip.
    func checkStaticFacts() {
        expect(!game.roleNames.isEmpty, "roleNames must not be empty")
        expect(game.utility.min <= game.utility.max, "utility min \(game.utility.min) exceeds max \(game.utility.max)")
        for index in 0..<game.actionCount {
            if let action = game.action(atIndex: index) {
                expect(game.actionIndex(action) == index, "action(atIndex: \(index)) maps back to index \(game.actionIndex(action))")
            } else {
                fail("action(atIndex: \(index)) is nil inside 0..<actionCount")
            }
        }
        expect(game.action(atIndex: game.actionCount) == nil, "action(atIndex: actionCount) must be nil")
        expect(game.action(atIndex: -1) == nil, "action(atIndex: -1) must be nil")
        do {
            let parsed = try GameString(parsing: game.description)
            var parameters = try GameParameters(for: G.info)
            for (key, value) in parsed.parameters { try parameters.set(key, to: value) }
            let rebuilt = try G(parameters: parameters)
            expect(rebuilt == game, "game string '\(game.description)' does not rebuild the same game")
        } catch {
            fail("game string '\(game.description)' does not load: \(error)")
        }
    }

    /// Plays one random episode, checking every state, then replays it to check determinism.
    ///
    /// The episode stops at the first state that breaks a rule (every rule that state breaks
    /// is reported): later states would only repeat the failure or feed unusable lists to the
    /// playout.
    func checkEpisode(seed: UInt64, episode: UInt64) {
        log.report.episodes += 1
        log.episode = (seed, episode, [])
        log.episodeBroke = false
        defer { log.episode = nil }
        guard let played = playout(seed: seed, episode: episode) else { return }
        let replayed = trajectory(seed: seed, episode: episode)
        if let step = Self.firstDifference(played, replayed) {
            log.episode?.played = Array(played.prefix(step))
            fail("the same seed gave a different trajectory: the replay differs at step \(step)")
        }
    }

    /// The first step at which two trajectories differ, or `nil` when they are the same.
    private static func firstDifference(_ first: [G.Action], _ second: [G.Action]) -> Int? {
        let common = min(first.count, second.count)
        if let step = (0..<common).first(where: { first[$0] != second[$0] }) { return step }
        return first.count == second.count ? nil : common
    }

    /// The actions of one checked random episode, or `nil` when a rule broke on the way.
    private func playout(seed: UInt64, episode: UInt64) -> [G.Action]? {
        var rng = EpisodeRNG(seed: seed, episode: episode)
        var state = game.initialState()
        let actions = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        let scratch = game.makeChanceBuffer()
        let legalScratch = game.makeActionBuffer()
        var rollouts: [RolloutStart] = []
        var decisions = 0
        while true {
            checkState(state, actions: actions, outcomes: outcomes)
            if log.episodeBroke { return nil }
            rollouts.append(RolloutStart(state: state, rng: rng, decisions: decisions))
            // The state check proved the list the playout draws from is not empty.
            let action: G.Action
            switch game.currentPlayer(state) {
            case .terminal:
                checkRollouts(from: rollouts, end: RolloutStart(state: state, rng: rng, decisions: decisions))
                return log.episodeBroke ? nil : log.episode?.played ?? []
            case .chance:
                // A game's own sampleChance must draw what sampling its chance outcomes draws.
                var sampler = rng
                let sampled = game.sampleChance(state, rng: &sampler, scratch: scratch)
                action = rng.sample(outcomes)
                expect(
                    sampled == action && sampler == rng,
                    "sampleChance drew \(sampled)\(sampler == rng ? "" : " and left the generator elsewhere"); sampling chanceOutcomes drew \(action)"
                )
                if log.episodeBroke { return nil }
            case .seat:
                // A game's own sampleLegalAction must draw what a draw over its legal actions draws.
                var sampler = rng
                let sampled = game.sampleLegalAction(state, rng: &sampler, scratch: legalScratch)
                action = actions[rng.index(below: actions.count)]
                expect(
                    sampled == action && sampler == rng,
                    "sampleLegalAction drew \(sampled)\(sampler == rng ? "" : " and left the generator elsewhere"); a draw over legalActions drew \(action)"
                )
                if log.episodeBroke { return nil }
                decisions += 1
            }
            game.apply(action, to: &state)
            log.episode?.played.append(action)
            if let length = log.episode?.played.count, length > game.maxGameLength {
                fail("longer than maxGameLength \(game.maxGameLength)")
                return nil
            }
        }
    }

    /// A state of a checked episode, the generator as the episode left it there, and the
    /// decisions made before it.
    struct RolloutStart {
        let state: G.State
        let rng: EpisodeRNG
        let decisions: Int
    }

    /// A game's own `playOutRandomly` from any state of a checked episode, with the generator
    /// the episode had there, must finish the episode as it finished: the draws of the
    /// step-by-step loop are the checked episode's own (its chance and move draws were just
    /// held to the defaults), so the same end state, generator and decisions must come out.
    func checkRollouts(from starts: [RolloutStart], end: RolloutStart) {
        let legal = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        for (step, start) in starts.enumerated() {
            var state = start.state
            var rng = start.rng
            let decisions = game.playOutRandomly(&state, rng: &rng, legal: legal, outcomes: outcomes)
            let expected = end.decisions - start.decisions
            guard state == end.state, rng == end.rng, decisions == expected else {
                let differences = [
                    state == end.state ? nil : "a different end state",
                    rng == end.rng ? nil : "the generator elsewhere",
                    decisions == expected ? nil : "\(decisions) decisions instead of \(expected)",
                ]
                fail("playOutRandomly from step \(step) of the episode left \(differences.compactMap { $0 }.joined(separator: ", "))")
                return
            }
        }
    }

    /// The actions of one random episode, with no checks (for the determinism check). Stops
    /// where a list it would draw from is empty, so a game that is not deterministic cannot
    /// trap it.
    func trajectory(seed: UInt64, episode: UInt64) -> [G.Action] {
        var rng = EpisodeRNG(seed: seed, episode: episode)
        var state = game.initialState()
        var played: [G.Action] = []
        while played.count <= game.maxGameLength {
            let action: G.Action
            switch game.currentPlayer(state) {
            case .terminal: return played
            case .chance:
                let outcomes = game.chanceOutcomes(state)
                guard !outcomes.isEmpty else { return played }
                action = rng.sample(outcomes)
            case .seat:
                let actions = game.legalActions(state)
                guard !actions.isEmpty else { return played }
                action = actions[rng.index(below: actions.count)]
            }
            game.apply(action, to: &state)
            played.append(action)
        }
        return played
    }
}
