import ArgumentParser
import Dispatch
import Foundation
import Games
import Rollout

/// `games bench [GAME...]`: random-playout speed through the rollout engine, with and
/// without recording, on one thread and on every core.
struct BenchGamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Random-playout speed per game: steps/s with and without recording, 1 thread and all threads.",
        discussion: "Steps are decisions (chance deals are not counted). Compare with the anchors using benchmarks/compare_anchors.py."
    )

    @OptionGroup var games: GameListSelection

    @Option(parsing: .unconditional, help: "Seconds to measure each configuration (after a warm-up).")
    var seconds = 1.0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be a positive number, got \(seconds)") }
    }

    func run() throws {
        let names = games.gameStrings.isEmpty ? GameCatalog.names : games.gameStrings
        let cores = RolloutOptions.coreCount
        var rows: [[String: Any]] = []
        if !json { print("game                        threads  record  steps/s      episodes/s   bytes/step") }
        for name in names {
            for threads in Array(Set([1, cores])).sorted() {
                for record in [false, true] {
                    let result = try visitGame(name, with: EngineBenchmark(seconds: seconds, threads: threads, record: record))
                    rows.append([
                        "game": name, "threads": threads, "record": record, "steps_per_second": result.stepsPerSecond,
                        "episodes_per_second": result.episodesPerSecond, "bytes_per_step": result.bytesPerStep,
                        "trajectory_bytes_reserved": result.reservedBytes,
                    ])
                    if !json {
                        print(name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(threads).padding(toLength: 9, withPad: " ", startingAt: 0)
                              + (record ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0)
                              + formatRate(result.stepsPerSecond).padding(toLength: 13, withPad: " ", startingAt: 0)
                              + formatRate(result.episodesPerSecond).padding(toLength: 13, withPad: " ", startingAt: 0)
                              + (record ? String(result.bytesPerStep) : "-"))
                    }
                }
            }
        }
        let peak = peakResidentBytes()
        if json {
            try printJSON(["benchmark": "random_playout", "cores": cores, "peak_resident_bytes": peak, "results": rows])
        } else {
            print("peak resident memory: \(peak / 1_048_576) MiB (trajectory buffers are reused batch to batch)")
        }
    }
}

/// Times the rollout engine on uniform-random self-play.
struct EngineBenchmark: GameVisitor {
    let seconds: Double
    let threads: Int
    let record: Bool

    struct Result {
        var steps = 0
        var episodes = 0
        var elapsed = 0.0
        var bytesPerStep = 0
        var reservedBytes = 0
        var stepsPerSecond: Double { Double(steps) / elapsed }
        var episodesPerSecond: Double { Double(episodes) / elapsed }
    }

    func visit<G: Game>(_ game: G) throws -> Result {
        // Recording batches are smaller: Werewolf's 1.4 kB steps would otherwise hold a gigabyte.
        let batch = record ? 4096 : 65_536
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 1, threads: threads, batchSize: batch, record: record))
        let policies = [Policy<G>.uniformRandom()]
        try engine.run(episodes: 0..<batch, policies: policies) { _ in }  // warm-up: buffers reach their size
        var result = Result()
        let start = DispatchTime.now().uptimeNanoseconds
        var next = batch
        while result.elapsed < seconds {
            try engine.run(episodes: next..<(next + batch), policies: policies) { output in
                result.steps += Int(output.results.lengths.reduce(0, +))
                result.episodes += output.results.count
                if let buffer = output.trajectories.first { result.bytesPerStep = buffer.bytesPerStep }
            }
            next += batch
            result.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        result.reservedBytes = engine.reservedTrajectoryBytes
        return result
    }
}

/// The process's peak resident set size.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024  // Linux reports kilobytes
}

func formatRate(_ value: Double) -> String {
    if value >= 1e6 { return String(format: "%.2f M", value / 1e6) }
    if value >= 1e3 { return String(format: "%.2f k", value / 1e3) }
    return String(format: "%.2f", value)
}
