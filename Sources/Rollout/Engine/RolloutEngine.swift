import Dispatch
import Foundation
import Games

/// How a rollout runs.
public struct RolloutOptions: Sendable {
    /// The run seed: episode `i` plays with `EpisodeRNG(seed: seed, episode: i)`.
    public var seed: UInt64
    /// Threads (shards per batch).
    public var threads: Int
    /// Episodes per batch; buffers are sized by the largest batch and then reused.
    public var batchSize: Int
    /// Whether to record trajectories (off for pure evaluation).
    public var record: Bool

    /// Options with defaults: seed 0, every core, batches of 8192, no recording.
    public init(seed: UInt64 = 0, threads: Int? = nil, batchSize: Int = 8192, record: Bool = false) {
        self.seed = seed
        self.threads = Swift.max(1, threads ?? RolloutOptions.coreCount)
        self.batchSize = Swift.max(1, batchSize)
        self.record = record
    }

    /// The cores this process may use.
    public static var coreCount: Int { SystemCores.count }
}

/// One batch of finished episodes, handed to the caller before the buffers are reused.
///
/// Valid only during the `RolloutEngine.run` callback: its trajectories are the engine's own
/// storage, which the next batch refills, so it is not `Sendable`. Copy what must outlive the
/// callback (`Column.array`, `TrajectoryFileWriter.append`).
public struct RolloutBatch {
    /// Returns, lengths and roles of every episode of the batch, in episode order.
    public let results: EpisodeResults
    /// Recorded trajectories, one buffer per shard in episode order (empty without recording).
    /// Valid only during the callback.
    public let trajectories: [TrajectoryBuffer]

    @usableFromInline
    init(results: EpisodeResults, trajectories: [TrajectoryBuffer]) {
        self.results = results
        self.trajectories = trajectories
    }
}

@available(*, unavailable)
extension RolloutBatch: Sendable {}

/// Plays batches of episodes of one game on all cores, reproducibly.
///
/// A batch of `batchSize` episodes is split into `threads` contiguous shards, one per thread.
/// Every episode's randomness comes from (seed, episode index), and policies draw only from
/// it, so results are identical for any thread count and batch size. An engine plays one
/// `run` at a time: its storage is reused by every batch of every run.
public final class RolloutEngine<G: Game>: @unchecked Sendable {
    /// The game played.
    public let game: G
    /// The options in force.
    public let options: RolloutOptions
    @usableFromInline let workers: [ShardWorker<G>]
    /// The results storage every batch of every `run` writes into: it stops allocating once it
    /// has the batch's size, also for callers that call `run` once per batch.
    @usableFromInline var results: EpisodeResults

    /// An engine with its per-thread storage.
    public init(game: G, options: RolloutOptions = RolloutOptions()) {
        self.game = game
        self.options = options
        workers = (0..<options.threads).map { _ in ShardWorker(game: game) }
        results = EpisodeResults(seatCount: game.seatCount, firstEpisode: 0)
    }

    /// Plays episodes `episodes` with `policies` assigned to seats by `assignment`, calling
    /// `onBatch` after each batch (in episode order).
    ///
    /// - Precondition: `assignment` only returns indices of `policies`.
    /// - Throws: what a batched policy throws, or `BatchPolicyError` for an illegal answer.
    @inlinable
    public func run(
        episodes: Range<Int>, policies: [Policy<G>], assignment: SeatAssignment = .selfPlay,
        onBatch: (RolloutBatch) throws -> Void
    ) throws {
        precondition(!policies.isEmpty, "a rollout needs at least one policy")
        // One value for every batch of every run: shards write their episodes' results straight
        // into its storage, which stops allocating after the first batch. A new value per run
        // cost a run per batch (as `games bench` makes) page faults at every batch: 700 per
        // 4,096-game Werewolf batch, the allocator handing the freed lists back each time.
        // Taken out of the engine while in use, so that the lists are not shared (and copied)
        // while shards write into them; a caller that kept a batch's results shares them, and
        // the next batch copies on write instead of changing them.
        var results = self.results
        self.results = EpisodeResults(seatCount: game.seatCount, firstEpisode: 0)
        defer { self.results = results }
        var start = episodes.lowerBound
        while start < episodes.upperBound {
            let end = Swift.min(start + options.batchSize, episodes.upperBound)
            let shards = Self.split(start..<end, into: workers.count)
            let workers = self.workers
            let seed = options.seed
            let record = options.record
            let failures = ShardFailures(count: shards.count)
            let first = start
            results.reset(firstEpisode: start, count: end - start)
            results.withRows { rows in
                DispatchQueue.concurrentPerform(iterations: shards.count) { index in
                    do {
                        let shardRows = rows.dropFirst(shards[index].lowerBound - first)
                        try workers[index].play(
                            shards[index], into: shardRows, policies: policies, assignment: assignment, seed: seed, record: record)
                    } catch {
                        failures.record(error, shard: index)
                    }
                }
            }
            if let error = failures.first { throw error }
            try onBatch(RolloutBatch(results: results, trajectories: record ? workers.prefix(shards.count).map(\.trajectories) : []))
            start = end
        }
    }

    /// Bytes the engine's trajectory buffers hold now (they grow to the largest batch, then stay).
    public var reservedTrajectoryBytes: Int { workers.reduce(0) { $0 + $1.trajectories.reservedBytes } }

    /// Contiguous, nearly equal shards of `range` (empty shards dropped).
    @usableFromInline
    static func split(_ range: Range<Int>, into parts: Int) -> [Range<Int>] {
        let count = range.count
        let parts = Swift.max(1, Swift.min(parts, count))
        return (0..<parts).map { part in
            let lower = range.lowerBound + count * part / parts
            let upper = range.lowerBound + count * (part + 1) / parts
            return lower..<upper
        }
    }
}

/// Errors raised on shard threads, kept until the batch is over.
@usableFromInline
final class ShardFailures: @unchecked Sendable {
    private var errors: [(any Error)?]
    private let lock = NSLock()

    @usableFromInline
    init(count: Int) { errors = Array(repeating: nil, count: count) }

    @usableFromInline
    func record(_ error: any Error, shard: Int) {
        lock.lock()
        errors[shard] = error
        lock.unlock()
    }

    /// The error of the lowest failing shard.
    @usableFromInline
    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.lazy.compactMap { $0 }.first
    }
}
