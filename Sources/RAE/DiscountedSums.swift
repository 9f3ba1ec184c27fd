/// Discounted returns and GAE(lambda) from per-step rewards, for classic RL.
///
/// Both are discounted sums along each chain (one seat's turns in one episode), run
/// backwards from the chain's last turn, after which the value is 0 (episodes are complete):
/// - returns: `G_t = r_t + gamma * G_next`;
/// - GAE: `delta_t = r_t + gamma * V_next - V_t`, `A_t = delta_t + gamma * lambda * A_next`
///   (value targets are `A_t + V_t`).
///
/// The BLAS backend lays the turns into zero-padded spans and multiplies blocks of spans by
/// a triangular discount matrix; see ``ComputeBackend``. When seats take turns in cyclic
/// order (two-player games that alternate) each episode is one span, copied as it lies;
/// otherwise each chain gets a span through a scatter. Measured on 2 cores: for two-player
/// games the two backends cost about the same; for other seat orders the reference loop is
/// faster, its seats' dependent steps overlapping.
public enum DiscountedSums {
    /// Writes the discounted return of every turn into `output`.
    /// - Parameters:
    ///   - steps: finished episodes with per-step rewards.
    ///   - gamma: the discount, in `0 ... 1`.
    ///   - backend: the implementation to run.
    ///   - output: room for `steps.turnCount` returns.
    /// - Throws: ``RAEError`` naming the first problem; the contents of `output` are then
    ///   unspecified (the BLAS path checks and computes tile by tile).
    /// - Complexity: O(turns) for the reference; O(turns x block) flops for BLAS.
    public static func returns(
        of steps: StepBatch, gamma: Float, backend: ComputeBackend = .blas,
        into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        try Validate.parameter("gamma", gamma, in: 0...1)
        let shape = try steps.validateShape(needsValues: false)
        try Validate.count("output", output.count, expected: steps.turnCount, reason: "the \(steps.turnCount) turns")
        guard let output = output.baseAddress else { return }
        switch backend {
        case .blas: try BLASDiscountedSums.run(steps, shape: shape, gamma: gamma, lambda: nil, output: output)
        case .reference:
            try steps.validateTurns(needsValues: false)
            referenceReturns(steps, shape: shape, gamma: gamma, output: output)
        }
    }

    /// Returns the discounted return of every turn.
    /// - Parameters:
    ///   - steps: finished episodes with per-step rewards.
    ///   - gamma: the discount, in `0 ... 1`.
    ///   - backend: the implementation to run.
    /// - Returns: one return per turn, in batch order.
    /// - Throws: ``RAEError`` naming the first problem.
    public static func returns(of steps: StepBatch, gamma: Float, backend: ComputeBackend = .blas) throws -> [Float] {
        try collect(steps.turnCount) { try returns(of: steps, gamma: gamma, backend: backend, into: $0) }
    }

    /// Writes the GAE(lambda) advantage of every turn into `output`.
    /// - Parameters:
    ///   - steps: finished episodes with per-step rewards and value estimates.
    ///   - gamma: the discount, in `0 ... 1`.
    ///   - lambda: the GAE weight, in `0 ... 1`.
    ///   - backend: the implementation to run.
    ///   - output: room for `steps.turnCount` advantages.
    /// - Throws: ``RAEError`` naming the first problem (missing values included); the contents
    ///   of `output` are then unspecified (the BLAS path checks and computes tile by tile).
    public static func generalizedAdvantages(
        of steps: StepBatch, gamma: Float, lambda: Float, backend: ComputeBackend = .blas,
        into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        try Validate.parameter("gamma", gamma, in: 0...1)
        try Validate.parameter("lambda", lambda, in: 0...1)
        let shape = try steps.validateShape(needsValues: true)
        try Validate.count("output", output.count, expected: steps.turnCount, reason: "the \(steps.turnCount) turns")
        guard let output = output.baseAddress, let values = steps.values?.baseAddress else { return }
        switch backend {
        case .blas: try BLASDiscountedSums.run(steps, shape: shape, gamma: gamma, lambda: lambda, output: output)
        case .reference:
            try steps.validateTurns(needsValues: true)
            referenceGAE(steps, values: values, shape: shape, gamma: gamma, lambda: lambda, output: output)
        }
    }

    /// Returns the GAE(lambda) advantage of every turn.
    /// - Parameters:
    ///   - steps: finished episodes with per-step rewards and value estimates.
    ///   - gamma: the discount, in `0 ... 1`.
    ///   - lambda: the GAE weight, in `0 ... 1`.
    ///   - backend: the implementation to run.
    /// - Returns: one advantage per turn, in batch order.
    /// - Throws: ``RAEError`` naming the first problem.
    public static func generalizedAdvantages(
        of steps: StepBatch, gamma: Float, lambda: Float, backend: ComputeBackend = .blas
    ) throws -> [Float] {
        try collect(steps.turnCount) {
            try generalizedAdvantages(of: steps, gamma: gamma, lambda: lambda, backend: backend, into: $0)
        }
    }

    private static func collect(
        _ count: Int, _ fill: (UnsafeMutableBufferPointer<Float>) throws -> Void
    ) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// The reference: one backward pass per episode, carrying each seat's running sum. The
    /// per-seat carries are raw scratch because array writes here paid a uniqueness check each.
    static func referenceReturns(
        _ steps: StepBatch, shape: BatchShape, gamma: Float, output: UnsafeMutablePointer<Float>
    ) {
        let carry = Scratch<Float>(capacity: steps.seatCount)
        carry.fill(0, count: steps.seatCount)
        var end = shape.turnCount
        for episode in (0..<shape.episodeCount).reversed() {
            let start = end - steps.episodes.length(of: episode)
            for turn in (start..<end).reversed() {
                let seat = Int(steps.seats[turn])
                let discounted = steps.rewards[turn] + gamma * carry.pointer[seat]
                output[turn] = discounted
                carry.pointer[seat] = discounted
            }
            for turn in start..<end { carry.pointer[Int(steps.seats[turn])] = 0 }
            end = start
        }
    }

    /// The reference: one backward pass per episode, carrying each seat's next value and
    /// running advantage.
    static func referenceGAE(
        _ steps: StepBatch, values: UnsafePointer<Float>, shape: BatchShape, gamma: Float,
        lambda: Float, output: UnsafeMutablePointer<Float>
    ) {
        let nextValue = Scratch<Float>(capacity: steps.seatCount)
        let carry = Scratch<Float>(capacity: steps.seatCount)
        nextValue.fill(0, count: steps.seatCount)
        carry.fill(0, count: steps.seatCount)
        let decay = gamma * lambda
        var end = shape.turnCount
        for episode in (0..<shape.episodeCount).reversed() {
            let start = end - steps.episodes.length(of: episode)
            for turn in (start..<end).reversed() {
                let seat = Int(steps.seats[turn])
                let delta = steps.rewards[turn] + gamma * nextValue.pointer[seat] - values[turn]
                let advantage = delta + decay * carry.pointer[seat]
                output[turn] = advantage
                carry.pointer[seat] = advantage
                nextValue.pointer[seat] = values[turn]
            }
            for turn in start..<end {
                carry.pointer[Int(steps.seats[turn])] = 0
                nextValue.pointer[Int(steps.seats[turn])] = 0
            }
            end = start
        }
    }
}
