import RAE

/// The RAE estimators the server keeps for the life of its process: one per (game, decay,
/// update, gamma), each with one EMA baseline per role of the game. Vectors of the same game
/// and settings share one, as SPIRAL's baselines are per (game, role), not per worker.
final class BaselineStore {
    private var estimators: [String: RoleAdvantageEstimator] = [:]

    /// Computes advantages for `batch` with the estimator at `key` (made on first use) and
    /// updates its baselines.
    ///
    /// - Returns: the baselines after the update.
    /// - Throws: `RAEError` when the batch is inconsistent (a server bug).
    func estimate(
        key: String, roleCount: Int, settings: TrajectorySettings, batch: TurnBatch,
        into advantages: UnsafeMutableBufferPointer<Float>
    ) throws -> [Float] {
        var estimator =
            try estimators[key]
            ?? RoleAdvantageEstimator(roleCount: roleCount, decay: settings.decay, configuration: settings.configuration)
        try estimator.estimate(batch, into: advantages)
        estimators[key] = estimator
        return estimator.baselines.values
    }
}
