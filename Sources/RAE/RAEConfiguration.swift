/// Which baseline SPIRAL's estimator subtracts from a player's final return.
public enum BaselineKind: Sendable, Equatable {
    /// No baseline: the advantage is the final return itself (REINFORCE).
    case none
    /// One EMA baseline shared by every role.
    case global
    /// One EMA baseline per role id: SPIRAL's role-conditioned advantage estimation.
    case perRole
}

/// When the EMA baselines move. Both read the baseline before they update it.
public enum BaselineUpdate: Sendable, Equatable {
    /// After each finished game, in batch order: SPIRAL's trainer (`train_spiral.py`).
    case perGame
    /// Once per batch, with the batch's mean final return per role: safe for batches whose
    /// games end together (a lockstep vector's), where a per-game baseline would follow them.
    case perBatch
}

/// Which seats of a finished game are its players, whose final returns move the baselines.
///
/// Every seat that acted gets advantages on its turns; the rules differ only for a seat that
/// held a role but never acted (a Werewolf player killed before its first turn, or the second
/// player of a game whose first move was forfeited).
public enum PlayerRule: Sendable, Equatable {
    /// Every seat of the game: its final return moves its role's baseline whether or not it
    /// acted. SPIRAL's actor does this (`train_spiral.py`, `prepare_trajectories`: each player's
    /// EMA is read and updated after every game), and it keeps the baseline an estimate of the
    /// role's expected return over all games, not only over the games in which the role acted.
    /// A seat without turns takes its role from the batch's ``TurnBatch/seatRoles``.
    case everySeat
    /// Only seats that acted: a seat without turns leaves its role's baseline where it was.
    case actingSeats
}

/// Which implementation computes the numbers. Both give the same results (tests hold them
/// within 1e-5); the reference is plain Swift loops, kept as the specification.
public enum ComputeBackend: Sendable, Equatable, CaseIterable {
    /// Batched, tile by tile of whole episodes: role statistics as products with one-hot role
    /// matrices, discounted sums as products with the triangular discount matrix (CBLAS).
    case blas
    /// Plain Swift loops over episodes.
    case reference
}

/// Settings of ``RoleAdvantageEstimator``.
public struct RAEConfiguration: Sendable, Equatable {
    /// The baseline subtracted from final returns.
    public var baseline: BaselineKind
    /// When baselines update.
    public var update: BaselineUpdate
    /// Per-turn discount: turn `i` of a player's `n` turns gets `A * gamma^(n-1-i)`.
    public var gamma: Float
    /// Whether ``RoleAdvantageEstimator/estimate(_:)`` lists only turns whose advantage is
    /// not exactly 0 (SPIRAL's `filter_zero_adv`).
    public var filterZeroAdvantage: Bool
    /// Which implementation to run.
    public var backend: ComputeBackend
    /// Which seats' returns move the baselines.
    public var players: PlayerRule

    /// Makes a configuration; the defaults are SPIRAL's Oat trainer with gamma 1.
    /// - Parameters:
    ///   - baseline: the baseline kind; SPIRAL: per role.
    ///   - update: when baselines update; SPIRAL's Oat path: per game.
    ///   - gamma: the per-turn discount, in `0 ... 1`.
    ///   - filterZeroAdvantage: drop turns whose advantage is exactly 0.
    ///   - backend: the implementation.
    ///   - players: which seats' returns move the baselines; SPIRAL: every seat.
    public init(
        baseline: BaselineKind = .perRole, update: BaselineUpdate = .perGame, gamma: Float = 1,
        filterZeroAdvantage: Bool = false, backend: ComputeBackend = .blas, players: PlayerRule = .everySeat
    ) {
        self.baseline = baseline
        self.update = update
        self.gamma = gamma
        self.filterZeroAdvantage = filterZeroAdvantage
        self.backend = backend
        self.players = players
    }

    /// Whether seats without turns are players, so the batch's seat roles are read for them.
    var seatsWithoutTurnsArePlayers: Bool { players == .everySeat && baseline != .none }
}

/// `powers[k] = gamma^k` for `k` in `0..<count`, shared by both paths so they round alike.
func discountPowers(_ gamma: Float, count: Int) -> [Float] {
    var powers = [Float](repeating: 1, count: max(count, 1))
    var power = 1.0
    for k in powers.indices {
        powers[k] = Float(power)
        power *= Double(gamma)
    }
    return powers
}
