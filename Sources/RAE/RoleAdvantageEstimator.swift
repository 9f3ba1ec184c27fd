/// Advantages for every turn of a batch, as ``RoleAdvantageEstimator/estimate(_:)`` returns them.
public struct TurnAdvantages: Sendable, Equatable {
    /// The advantage of each turn, in batch order.
    public var advantages: [Float]
    /// With zero-advantage filtering on: the turns to train on (advantage not exactly 0), in
    /// order. Nil when filtering is off: train on every turn.
    public var keptTurns: [Int32]?
}

/// SPIRAL's role-conditioned advantage estimation (RAE), and its ablations.
///
/// For each finished game and each player with final return `R` and role baseline `b` read
/// before the update: `A = R - b`, and turn `i` of the player's `n` turns gets
/// `A * gamma^(n-1-i)`. The players are every seat of the game (``PlayerRule/everySeat``, as
/// SPIRAL's actor: a seat that never acted moves its role's baseline too, with no turns to
/// advantage) or only the seats that acted (``PlayerRule/actingSeats``). The baseline then moves: `b = decay * b + (1 - decay) * R`,
/// after every game (``BaselineUpdate/perGame``) or once per batch with the batch's mean
/// (``BaselineUpdate/perBatch``). When several players of one game share a role (Werewolf's
/// villagers), they all read the same baseline and the game updates it once with their mean
/// return; with one player per role this is SPIRAL exactly.
///
/// ```swift
/// var rae = try RoleAdvantageEstimator(roleCount: 2)
/// let result = try TurnBatch.withArrays(
///     seats: [0, 1, 0], roles: [0, 1, 0], episodes: .lengths([3]), seatCount: 2,
///     finalReturns: [1, -1]
/// ) { try rae.estimate($0) }
/// // result.advantages == [1, -1, 1]; rae.baselines.values is about [0.05, -0.05]
/// ```
public struct RoleAdvantageEstimator: Sendable {
    /// How advantages are estimated.
    public var configuration: RAEConfiguration
    /// The EMA baselines: one per role id, or a single one for ``BaselineKind/global``.
    public var baselines: RoleBaselines
    /// The number of role ids batches may use.
    public let roleCount: Int

    /// Makes an estimator whose baselines start at 0.
    /// - Parameters:
    ///   - roleCount: the number of role ids, at least 1.
    ///   - decay: the EMA decay (SPIRAL: 0.95).
    ///   - configuration: the estimator's settings.
    /// - Throws: ``RAEError/invalidParameter(name:value:allowed:)`` for a bad count or decay.
    public init(roleCount: Int, decay: Float = 0.95, configuration: RAEConfiguration = .init()) throws {
        try Validate.positive("roleCount", roleCount)
        let slots = configuration.baseline == .perRole ? roleCount : 1
        try self.init(
            roleCount: roleCount, baselines: RoleBaselines(roleCount: slots, decay: decay),
            configuration: configuration)
    }

    /// Makes an estimator that continues from existing baselines, e.g. restored ones.
    /// - Parameters:
    ///   - roleCount: the number of role ids, at least 1.
    ///   - baselines: one baseline per role id (one in all for ``BaselineKind/global``).
    ///   - configuration: the estimator's settings.
    /// - Throws: ``RAEError`` when the table's size does not fit the baseline kind.
    public init(roleCount: Int, baselines: RoleBaselines, configuration: RAEConfiguration = .init()) throws {
        try Validate.positive("roleCount", roleCount)
        self.roleCount = roleCount
        self.baselines = baselines
        self.configuration = configuration
        try checkSettings()
    }

    /// Writes the advantage of every turn of `batch` into `advantages` and updates the
    /// baselines. When the batch is refused the baselines are left as they were and the
    /// contents of `advantages` are unspecified (the BLAS path checks and computes tile by
    /// tile, so tiles before the bad one may have been written).
    /// - Parameters:
    ///   - batch: finished games.
    ///   - advantages: room for `batch.turnCount` advantages.
    /// - Throws: ``RAEError`` naming the first problem with the batch or the settings.
    /// - Complexity: O(turns + episodes x seats).
    public mutating func estimate(_ batch: TurnBatch, into advantages: UnsafeMutableBufferPointer<Float>) throws {
        try checkSettings()
        let shape = try batch.validateShape(roleCount: roleCount)
        try Validate.count(
            "advantages", advantages.count, expected: batch.turnCount,
            reason: "the \(batch.turnCount) turns")
        guard let output = advantages.baseAddress else { return }
        let job = RAEJob(
            batch: batch, shape: shape, configuration: configuration,
            slotMask: configuration.baseline == .perRole ? -1 : 0, output: output)
        switch configuration.backend {
        case .blas:
            let before = baselines
            do {
                try BLASRAE.run(job, roleCount: roleCount, baselines: &baselines)
            } catch {
                baselines = before
                throw error
            }
        case .reference:
            try batch.validateTurns(
                roleCount: roleCount, seatsWithoutTurnsArePlayers: configuration.seatsWithoutTurnsArePlayers)
            ReferenceRAE.run(job, baselines: &baselines)
        }
    }

    /// Computes the advantage of every turn of `batch`, updates the baselines, and, with
    /// zero-advantage filtering on, lists the turns to keep.
    /// - Parameter batch: finished games.
    /// - Returns: per-turn advantages and, when filtering, the kept turns.
    /// - Throws: ``RAEError`` naming the first problem with the batch or the settings.
    public mutating func estimate(_ batch: TurnBatch) throws -> TurnAdvantages {
        let turnCount = batch.turnCount
        let advantages = try [Float](unsafeUninitializedCapacity: turnCount) { buffer, count in
            // The buffer may be larger than asked for; hand on exactly one slot per turn.
            try estimate(batch, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<turnCount]))
            count = turnCount
        }
        let kept =
            configuration.filterZeroAdvantage
            ? advantages.withUnsafeBufferPointer(Self.nonZeroTurns) : nil
        return TurnAdvantages(advantages: advantages, keptTurns: kept)
    }

    /// The turns whose advantage is not exactly 0: SPIRAL's `filter_zero_adv`.
    /// - Parameter advantages: per-turn advantages.
    /// - Returns: the indices of the turns to keep, in order.
    public static func nonZeroTurns(_ advantages: UnsafeBufferPointer<Float>) -> [Int32] {
        var kept: [Int32] = []
        kept.reserveCapacity(advantages.count)
        for (turn, advantage) in advantages.enumerated() where advantage != 0 {
            kept.append(Int32(truncatingIfNeeded: turn))
        }
        return kept
    }

    private func checkSettings() throws {
        try Validate.parameter("gamma", configuration.gamma, in: 0...1)
        let slots = configuration.baseline == .perRole ? roleCount : 1
        guard baselines.roleCount == slots else {
            throw RAEError.invalidParameter(
                name: "baseline table size", value: "\(baselines.roleCount)",
                allowed: "\(slots) for \(configuration.baseline) baselines over \(roleCount) roles")
        }
    }
}

/// A validated batch with everything both compute paths need.
struct RAEJob {
    let batch: TurnBatch
    let shape: BatchShape
    let configuration: RAEConfiguration
    /// All ones for per-role baselines (slot = role id), 0 for a global one (every role uses
    /// slot 0): a mask rather than a case, so the per-player loops do not branch on it.
    let slotMask: Int
    let output: UnsafeMutablePointer<Float>

    /// The baseline slot of role id `role`.
    @inline(__always)
    func slot(of role: Int32) -> Int { Int(role) & slotMask }
}
