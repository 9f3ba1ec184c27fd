import Games

/// The state-by-state checks behind `GameConformance`.
struct Checker<G: Game> {
    /// Collects results; a reference so that checks can read `game` while recording.
    final class Log {
        var report: ConformanceReport
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

    func fail(_ message: String) {
        guard log.report.failures.count < maxFailures else { return }
        log.report.failures.append(message)
        if log.report.failures.count == maxFailures { log.report.failures.append("(stopped after \(maxFailures) failures)") }
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    /// Facts that do not depend on a state: sizes, utility, and the game string round trip.
    func checkStaticFacts() {
        expect(game.seatCount >= 1, "seatCount must be at least 1, is \(game.seatCount)")
        expect(game.actionCount >= 1, "actionCount must be at least 1, is \(game.actionCount)")
        expect(!game.observationShape.isEmpty && game.observationShape.allSatisfy { $0 > 0 }, "observationShape \(game.observationShape) must be non-empty and positive")
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

    /// Plays one random episode, checking every state; returns the actions played.
    func playout(seed: UInt64, episode: UInt64) -> [G.Action] {
        log.report.episodes += 1
        var rng = EpisodeRNG(seed: seed, episode: episode)
        var state = game.initialState()
        var played: [G.Action] = []
        let actions = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        let scratch = game.makeChanceBuffer()
        while !isFull {
            let step = played.count
            checkState(state, at: "episode \(episode) step \(step)", actions: actions, outcomes: outcomes)
            let action: G.Action
            switch game.currentPlayer(state) {
            case .terminal:
                return played
            case .chance:
                guard !outcomes.isEmpty else { return played }
                var sampler = rng
                let sampled = game.sampleChance(state, rng: &sampler, scratch: scratch)
                action = rng.sample(outcomes)
                expect(sampled == action && sampler == rng,
                       "episode \(episode) step \(step): sampleChance drew \(sampled)\(sampler == rng ? "" : " and left the generator elsewhere"); sampling chanceOutcomes drew \(action)")
            case .seat:
                guard !actions.isEmpty else { return played }
                action = actions[rng.index(below: actions.count)]
            }
            game.apply(action, to: &state)
            played.append(action)
            if played.count > game.maxGameLength {
                fail("episode \(episode): longer than maxGameLength \(game.maxGameLength)")
                return played
            }
        }
        return played
    }

    /// The actions of one random episode, with no checks (for the determinism check).
    func trajectory(seed: UInt64, episode: UInt64) -> [G.Action] {
        var rng = EpisodeRNG(seed: seed, episode: episode)
        var state = game.initialState()
        var played: [G.Action] = []
        while played.count <= game.maxGameLength {
            let action: G.Action
            switch game.currentPlayer(state) {
            case .terminal: return played
            case .chance: action = rng.sample(game.chanceOutcomes(state))
            case .seat:
                let actions = game.legalActions(state)
                action = actions[rng.index(below: actions.count)]
            }
            game.apply(action, to: &state)
            played.append(action)
        }
        return played
    }
}
