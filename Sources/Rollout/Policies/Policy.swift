import Games

/// How one seat chooses its actions.
///
/// A policy sees the state and the seat it plays, and must read only what that seat may know
/// (its information state, observation, or the game's per-seat views); its randomness comes
/// only from the episode's RNG, so a tournament gives the same results on any number of
/// threads. Built-in policies come from `PolicyCatalog`; custom ones wrap a closure.
///
/// A policy that serves batches (a remote learner) conforms to `BatchPolicy` and is wrapped
/// with `Policy(batched:)`; the engine then collects decisions across a batch of games.
public struct Policy<G: Game>: Sendable {
    /// The short name shown in tournament tables (`random`, `minimax`, `cfr`).
    public let name: String
    @usableFromInline let rule: Rule
    /// Whether this is the uniform random policy (the engine then asks the game for the move).
    /// Stored rather than read from `rule`: reading an enum that may hold a closure copies it
    /// (a call, and a retain for a closure), and the engine asks at every decision.
    public let isUniformRandom: Bool
    /// Whether this policy decides in batches (`Policy(name:batched:)`); stored for the same reason.
    public let isBatched: Bool

    @usableFromInline
    enum Rule: Sendable {
        /// Uniform over the legal actions; kept apart so the engine's hot loop needs no call.
        case uniformRandom
        /// Any per-decision rule.
        case decide(@Sendable (_ game: G, _ state: G.State, _ seat: Int, _ legal: ActionBuffer<G.Action>, _ rng: inout EpisodeRNG) -> G.Action)
        /// Decides for many games at once; the engine batches its decisions.
        case batched(any BatchPolicy)
    }

    /// The uniform random policy.
    public static func uniformRandom(name: String = "random") -> Policy {
        Policy(name: name, rule: .uniformRandom)
    }

    /// A policy from a per-decision rule.
    ///
    /// - Parameters:
    ///   - name: the name tournaments print.
    ///   - decide: returns one of `legal`; reads only what `seat` may know; draws randomness from `rng`.
    public init(
        name: String,
        decide: @escaping @Sendable (_ game: G, _ state: G.State, _ seat: Int, _ legal: ActionBuffer<G.Action>, _ rng: inout EpisodeRNG) -> G.Action
    ) {
        self.init(name: name, rule: .decide(decide))
    }

    @usableFromInline
    init(name: String, rule: Rule) {
        self.name = name
        self.rule = rule
        if case .uniformRandom = rule { isUniformRandom = true } else { isUniformRandom = false }
        if case .batched = rule { isBatched = true } else { isBatched = false }
    }

    /// The policy's action at a decision.
    ///
    /// - Precondition: `legal` holds the legal actions of `seat` at `state` and is not empty.
    @inlinable
    public func action(_ game: G, _ state: G.State, seat: Int, legal: ActionBuffer<G.Action>, rng: inout EpisodeRNG) -> G.Action {
        switch rule {
        case .uniformRandom: return legal[rng.index(below: legal.count)]
        case .decide(let decide): return decide(game, state, seat, legal, &rng)
        case .batched: preconditionFailure("batched policies are played by the engine's lockstep path")
        }
    }
}

extension Policy {
    /// A policy that plays by a probability for each legal action.
    ///
    /// - Parameters:
    ///   - probabilities: writes one probability per legal action (same order) into the buffer it is given.
    public static func sampling(
        name: String,
        probabilities: @escaping @Sendable (_ game: G, _ state: G.State, _ seat: Int, _ legal: ActionBuffer<G.Action>, _ into: inout [Double]) -> Void
    ) -> Policy {
        Policy(name: name) { game, state, seat, legal, rng in
            var weights: [Double] = []
            weights.reserveCapacity(legal.count)
            probabilities(game, state, seat, legal, &weights)
            var remaining = rng.unit()
            for (index, weight) in weights.enumerated() {
                remaining -= weight
                if remaining < 0 { return legal[index] }
            }
            // Rounding: the sliver above the cumulative sum goes to the last action with weight.
            let last = weights.lastIndex { $0 > 0 } ?? legal.count - 1
            return legal[last]
        }
    }
}
