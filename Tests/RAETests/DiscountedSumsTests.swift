import RAE
import Testing

/// Hand-computed discounted returns and GAE(lambda), on both backends.
@Suite("Discounted returns and GAE")
struct DiscountedSumsTests {
    static func steps(seats: [Int32], lengths: [Int32], seatCount: Int, rewards: [Float], values: [Float] = [])
        -> BatchColumns
    {
        var columns = BatchColumns(seatCount: seatCount, roleCount: 1)
        columns.seats = seats
        columns.roles = seats.map { _ in 0 }
        columns.lengths = lengths
        columns.rewards = rewards
        columns.values = values
        return columns
    }

    static func returns(_ columns: BatchColumns, gamma: Float, backend: ComputeBackend) throws -> [Float] {
        try StepBatch.withArrays(
            seats: columns.seats, episodes: .lengths(columns.lengths), seatCount: columns.seatCount,
            rewards: columns.rewards
        ) { try DiscountedSums.returns(of: $0, gamma: gamma, backend: backend) }
    }

    static func gae(_ columns: BatchColumns, gamma: Float, lambda: Float, backend: ComputeBackend) throws -> [Float] {
        try columns.withStepBatch {
            try DiscountedSums.generalizedAdvantages(of: $0, gamma: gamma, lambda: lambda, backend: backend)
        }
    }

    @Test("returns: G_t = r_t + gamma G_(t+1), 0 after the last turn", arguments: ComputeBackend.allCases)
    func singleSeatReturns(backend: ComputeBackend) throws {
        let columns = Self.steps(seats: [0, 0, 0], lengths: [3], seatCount: 1, rewards: [1, 2, 3])
        // G2 = 3; G1 = 2 + 0.5 * 3 = 3.5; G0 = 1 + 0.5 * 3.5 = 2.75.
        #expect(try Self.returns(columns, gamma: 0.5, backend: backend) == [2.75, 3.5, 3])
    }

    @Test("returns run along each seat's own turns and stop at the episode's end", arguments: ComputeBackend.allCases)
    func returnsPerSeatAndEpisode(backend: ComputeBackend) throws {
        // Episode 1: seats alternate, rewards only at the end. Episode 2 must not leak back.
        let columns = Self.steps(
            seats: [0, 1, 0, 1, 0, 1], lengths: [4, 2], seatCount: 2, rewards: [0, 0, 1, -1, 5, 7])
        let result = try Self.returns(columns, gamma: 0.9, backend: backend)
        #expect(maxDifference(result, [0.9, -0.9, 1, -1, 5, 7]) < 1e-6)
    }

    @Test("GAE: delta_t = r_t + gamma V_next - V_t, A_t = delta_t + gamma lambda A_next", arguments: ComputeBackend.allCases)
    func singleSeatGAE(backend: ComputeBackend) throws {
        let columns = Self.steps(
            seats: [0, 0, 0], lengths: [3], seatCount: 1, rewards: [1, 0, 2], values: [0.5, 1, 1.5])
        // delta = [1 + 0.9 - 0.5, 0 + 1.35 - 1, 2 - 1.5] = [1.4, 0.35, 0.5]
        // A2 = 0.5; A1 = 0.35 + 0.72 * 0.5 = 0.71; A0 = 1.4 + 0.72 * 0.71 = 1.9112.
        let result = try Self.gae(columns, gamma: 0.9, lambda: 0.8, backend: backend)
        #expect(maxDifference(result, [1.9112, 0.71, 0.5]) < 1e-6)
    }

    @Test("GAE with two seats uses each seat's own next value", arguments: ComputeBackend.allCases)
    func twoSeatGAE(backend: ComputeBackend) throws {
        let columns = Self.steps(
            seats: [0, 1, 0, 1], lengths: [4], seatCount: 2, rewards: [0, 0, 1, -1], values: [0.2, -0.2, 0.6, -0.6])
        // Seat 0: delta = [0 + 0.6 - 0.2, 1 - 0.6] = [0.4, 0.4]; A = [0.4 + 0.5 * 0.4, 0.4].
        // Seat 1: delta = [0 - 0.6 + 0.2, -1 + 0.6] = [-0.4, -0.4]; A = [-0.6, -0.4].
        let result = try Self.gae(columns, gamma: 1, lambda: 0.5, backend: backend)
        #expect(maxDifference(result, [0.6, -0.6, 0.4, -0.4]) < 1e-6)
    }

    @Test("GAE with lambda 1 is the return minus the value; with lambda 0 it is the TD error", arguments: ComputeBackend.allCases)
    func gaeLimits(backend: ComputeBackend) throws {
        let columns = BatchColumns.random(episodes: 300, lengths: 0...90, seatCount: 3, roleCount: 1, seed: 11)
        let returns = try Self.returns(columns, gamma: 0.97, backend: backend)
        let full = try Self.gae(columns, gamma: 0.97, lambda: 1, backend: backend)
        #expect(maxDifference(full, zip(returns, columns.values).map { $0 - $1 }) < 1e-4)
        let oneStep = try Self.gae(columns, gamma: 0.97, lambda: 0, backend: .reference)
        let blasOneStep = try Self.gae(columns, gamma: 0.97, lambda: 0, backend: backend)
        #expect(maxDifference(oneStep, blasOneStep) < 1e-6)
    }

    @Test("a chain longer than a BLAS row matches the closed form (1 - g^(n-t)) / (1 - g)", arguments: ComputeBackend.allCases)
    func longChain(backend: ComputeBackend) throws {
        let n = 100
        let columns = Self.steps(
            seats: [Int32](repeating: 0, count: n), lengths: [Int32(n)], seatCount: 1,
            rewards: [Float](repeating: 1, count: n))
        let result = try Self.returns(columns, gamma: 0.95, backend: backend)
        let expected = (0..<n).map { t in Float((1 - pow095(n - t)) / (1 - 0.95)) }
        #expect(maxDifference(result, expected) < 1e-4)
    }

    private func pow095(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * 0.95 } }
}
