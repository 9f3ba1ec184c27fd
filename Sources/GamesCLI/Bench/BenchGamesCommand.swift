import ArgumentParser
import Dispatch
import Games

/// `games bench [GAME...]`: random-playout steps per second, one thread, nothing recorded.
struct BenchGamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Random-playout speed per game (steps/s, one thread, no recording)."
    )

    @Argument(help: "Game strings to measure (default: every catalog game).")
    var games: [String] = []

    @Option(help: "Seconds to measure each game (after a warm-up).")
    var seconds = 1.0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let names = games.isEmpty ? GameCatalog.names : games
        var rows: [[String: Any]] = []
        for name in names {
            let result = try visitGame(name, with: PlayoutBenchmark(seconds: seconds))
            rows.append(["game": name, "steps_per_second": result.stepsPerSecond, "episodes_per_second": result.episodesPerSecond, "steps": result.steps])
            if !json {
                print("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(formatRate(result.stepsPerSecond)) steps/s  \(formatRate(result.episodesPerSecond)) episodes/s  (1 thread, uniform random, no recording)")
            }
        }
        if json { try printJSON(["benchmark": "random_playout", "threads": 1, "results": rows]) }
    }
}

/// Plays uniform-random episodes back to back for a fixed time and counts steps.
struct PlayoutBenchmark: GameVisitor {
    let seconds: Double

    struct Result {
        var steps: Int
        var episodes: Int
        var elapsed: Double
        var stepsPerSecond: Double { Double(steps) / elapsed }
        var episodesPerSecond: Double { Double(episodes) / elapsed }
    }

    func visit<G: Game>(_ game: G) throws -> Result {
        let actions = game.makeActionBuffer()
        var outcomes: [ChanceOutcome<G.Action>] = []
        _ = Self.playEpisodes(game, count: 1000, from: 0, actions: actions, outcomes: &outcomes)  // warm-up
        var steps = 0
        var episodes = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        let chunk = 10_000
        while elapsed < seconds {
            steps += Self.playEpisodes(game, count: chunk, from: UInt64(episodes), actions: actions, outcomes: &outcomes)
            episodes += chunk
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return Result(steps: steps, episodes: episodes, elapsed: elapsed)
    }

    /// The measured loop: each episode with its own RNG, legal actions into reused storage.
    @inline(never)
    static func playEpisodes<G: Game>(
        _ game: G, count: Int, from first: UInt64,
        actions: ActionBuffer<G.Action>, outcomes: inout [ChanceOutcome<G.Action>]
    ) -> Int {
        var steps = 0
        for episode in first..<(first + UInt64(count)) {
            var rng = EpisodeRNG(seed: 1, episode: episode)
            var state = game.initialState()
            loop: while true {
                switch game.currentPlayer(state) {
                case .terminal:
                    break loop
                case .chance:
                    game.chanceOutcomes(state, into: &outcomes)
                    game.apply(rng.sample(outcomes), to: &state)
                case .seat:
                    game.legalActions(state, into: actions)
                    game.apply(actions[rng.index(below: actions.count)], to: &state)
                    steps &+= 1
                }
            }
        }
        return steps
    }
}

func formatRate(_ value: Double) -> String {
    if value >= 1e6 { return String(format2(value / 1e6)) + " M" }
    if value >= 1e3 { return String(format2(value / 1e3)) + " k" }
    return format2(value)
}

func format2(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return String(rounded)
}
