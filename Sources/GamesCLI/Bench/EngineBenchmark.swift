import Dispatch
import Foundation
import Games
import Rollout

/// How long one measurement runs: for a time, or for a fixed amount of work (whose
/// instruction counts repeat, for profilers).
enum BenchLength {
    case seconds(Double)
    case batches(Int)

    /// Whether a measurement that has done `batches` batches in `elapsed` seconds is over.
    func isOver(batches: Int, elapsed: Double) -> Bool {
        switch self {
        case .seconds(let seconds): return elapsed >= seconds
        case .batches(let count): return batches >= count
        }
    }
}

/// Steps and episodes over a measured time.
struct PlayoutRate {
    var steps = 0
    var episodes = 0
    /// Wall-clock seconds.
    var elapsed = 0.0
    /// CPU seconds of every thread of the process: on a shared machine, the time the work
    /// itself took, whatever share of the cores the process got.
    var cpuSeconds = 0.0
    var stepsPerSecond: Double { Double(steps) / elapsed }
    var episodesPerSecond: Double { Double(episodes) / elapsed }
    /// Steps per CPU second: the speed per core, which other processes on the cores do not lower.
    var stepsPerCPUSecond: Double { Double(steps) / cpuSeconds }
}

/// CPU seconds used so far by every thread of this process.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Times the rollout engine on uniform-random self-play.
struct EngineBenchmark: GameVisitor {
    let length: BenchLength
    let threads: Int
    let record: Bool
    /// Episodes per batch.
    let batchSize: Int

    struct Result {
        var rate = PlayoutRate()
        var bytesPerStep = 0
        var reservedBytes = 0
        /// Minor page faults per measured batch: memory the process took from the system again
        /// (0 once the engine's buffers have their size and are reused).
        var pageFaultsPerBatch = 0.0
    }

    func visit<G: Game>(_ game: G) throws -> Result {
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 1, threads: threads, batchSize: batchSize, record: record))
        let policies = [Policy<G>.uniformRandom()]
        try engine.run(episodes: 0..<batchSize, policies: policies) { _ in }  // warm-up: buffers reach their size
        var result = Result()
        var batches = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        let faultsStart = minorPageFaults()
        while !length.isOver(batches: batches, elapsed: result.rate.elapsed) {
            let first = (batches + 1) * batchSize
            try engine.run(episodes: first..<(first + batchSize), policies: policies) { output in
                result.rate.steps += Int(output.results.lengths.reduce(0, +))
                result.rate.episodes += output.results.count
                if let buffer = output.trajectories.first { result.bytesPerStep = buffer.bytesPerStep }
            }
            batches += 1
            result.rate.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        result.rate.cpuSeconds = processCPUSeconds() - cpuStart
        result.pageFaultsPerBatch = Double(minorPageFaults() - faultsStart) / Double(batches)
        result.reservedBytes = engine.reservedTrajectoryBytes
        return result
    }
}

extension PlayoutFloor {
    /// Times the floor on one thread, in chunks of `chunk` episodes; `seeded`: with a
    /// generator per episode (`playSeeded`) rather than one stream.
    func measure(_ length: BenchLength, chunk: Int, seeded: Bool) -> PlayoutRate {
        var rng = EpisodeRNG(seed: 1)
        var rate = PlayoutRate()
        var checksum = 0
        var chunks = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        while !length.isOver(batches: chunks, elapsed: rate.elapsed) {
            let played = seeded ? playSeeded(chunks * chunk..<(chunks + 1) * chunk, 1) : play(chunk, &rng)
            rate.steps += played.steps
            rate.episodes += chunk
            checksum &+= played.checksum
            chunks += 1
            rate.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        rate.cpuSeconds = processCPUSeconds() - cpuStart
        keepAlive(Double(checksum))
        return rate
    }
}

/// Keeps a result alive so that the optimiser cannot drop the work that made it.
@inline(never)
func keepAlive(_ value: Double) {
    if value.isNaN { FileHandle.standardError.write(Data("(nan)\n".utf8)) }
}

/// Minor page faults of the process so far.
func minorPageFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
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
