import Games

/// A policy that decides for many games at once: a learner behind the bridge, or any model
/// that is cheaper per batch than per decision.
///
/// The engine collects every decision its shard's games are waiting on, calls `act` once,
/// and plays the returned action indices. Shards run on several threads, so `act` may be
/// called concurrently (one call per shard at a time).
public protocol BatchPolicy: AnyObject, Sendable {
    /// Chooses one action index (in `0..<actionCount`, legal by its mask) per decision.
    ///
    /// - Throws: when the policy cannot answer (e.g. the remote side is gone); the rollout stops with that error.
    func act(_ decisions: DecisionBatch) throws -> [Int32]
}

/// The decisions a batch policy is asked for, in columns like the trajectories.
public struct DecisionBatch: Sendable {
    /// Floats per observation.
    public let observationSize: Int
    /// Entries per legal mask.
    public let actionCount: Int
    /// The acting seat's observation tensor, `count x observationSize`.
    public internal(set) var observations: [Float] = []
    /// Legal masks, `count x actionCount` (1 legal).
    public internal(set) var legalMasks: [UInt8] = []
    /// The acting seat of each decision.
    public internal(set) var seats: [Int32] = []
    /// The role the acting seat holds.
    public internal(set) var roles: [Int32] = []
    /// The episode each decision belongs to.
    public internal(set) var episodeIDs: [Int64] = []

    /// Number of decisions.
    public var count: Int { seats.count }

    /// An empty batch for a game's sizes.
    public init(observationSize: Int, actionCount: Int) {
        self.observationSize = observationSize
        self.actionCount = actionCount
    }

    @usableFromInline
    mutating func removeAll() {
        observations.removeAll(keepingCapacity: true)
        legalMasks.removeAll(keepingCapacity: true)
        seats.removeAll(keepingCapacity: true)
        roles.removeAll(keepingCapacity: true)
        episodeIDs.removeAll(keepingCapacity: true)
    }
}

/// A batch policy that answered with the wrong number of actions or an illegal one.
public struct BatchPolicyError: Error, CustomStringConvertible {
    public let description: String

    /// An error with its message.
    public init(description: String) { self.description = description }
}

extension Policy {
    /// Wraps a batch policy; the engine plays games that use it in lockstep batches.
    public init(name: String, batched: any BatchPolicy) {
        self.init(name: name, rule: .batched(batched))
    }
}
