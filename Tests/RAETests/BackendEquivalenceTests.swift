import RAE
import Testing

/// The BLAS path against the reference on random batches: mixed episode lengths, seat
/// orders and roles, over several batches so that the baselines evolve.
@Suite("BLAS path equals the reference within 1e-5")
struct BackendEquivalenceTests {
    /// Episode shapes like the games', plus single-agent episodes longer than a BLAS row.
    struct Profile: Sendable, CustomTestStringConvertible {
        let name: String
        let lengths: ClosedRange<Int>
        let seatCount: Int
        let roleCount: Int
        var testDescription: String { name }
    }

    static let profiles = [
        Profile(name: "Kuhn-like", lengths: 0...3, seatCount: 2, roleCount: 2),
        Profile(name: "TicTacToe-like", lengths: 5...9, seatCount: 2, roleCount: 2),
        Profile(name: "Werewolf-like", lengths: 40...80, seatCount: 8, roleCount: 4),
        Profile(name: "single agent, long", lengths: 1...150, seatCount: 1, roleCount: 3),
    ]

    static let settings: [RAEConfiguration] = [BaselineKind.perRole, .global, .none].flatMap { kind in
        [BaselineUpdate.perGame, .perBatch].flatMap { update in
            [PlayerRule.everySeat, .actingSeats].flatMap { players in
                [Float(1), 0.9].map { RAEConfiguration(baseline: kind, update: update, gamma: $0, players: players) }
            }
        }
    }

    @Test("SPIRAL's estimator, every baseline kind, update mode, player rule and gamma", arguments: profiles)
    func roleAdvantages(profile: Profile) throws {
        for (index, setting) in Self.settings.enumerated() {
            var blas = try RoleAdvantageEstimator(roleCount: profile.roleCount, configuration: setting)
            var reference = blas
            reference.configuration.backend = .reference
            for batch in 0..<3 {
                let columns = BatchColumns.random(
                    episodes: 20_000 / profile.lengths.upperBound, lengths: profile.lengths,
                    seatCount: profile.seatCount, roleCount: profile.roleCount,
                    seed: UInt64(index * 10 + batch))
                // Odd batches describe episodes by offsets, even ones by lengths.
                let fast = try columns.withTurnBatch(offsets: batch % 2 == 1) { try blas.estimate($0) }
                let slow = try columns.withTurnBatch { try reference.estimate($0) }
                #expect(maxDifference(fast.advantages, slow.advantages) <= 1e-5, "\(setting), batch \(batch)")
                #expect(maxDifference(blas.baselines.values, reference.baselines.values) <= 1e-5, "\(setting)")
            }
        }
    }

    @Test("discounted returns and GAE", arguments: profiles)
    func discountedSums(profile: Profile) throws {
        let columns = BatchColumns.random(
            episodes: 20_000 / profile.lengths.upperBound, lengths: profile.lengths,
            seatCount: profile.seatCount, roleCount: profile.roleCount, seed: 99)
        for gamma: Float in [1, 0.99, 0.5] {
            // gamma 0.99 describes episodes by offsets, the others by lengths.
            let fast = try columns.withStepBatch(offsets: gamma == 0.99) { try DiscountedSums.returns(of: $0, gamma: gamma) }
            let slow = try columns.withStepBatch {
                try DiscountedSums.returns(of: $0, gamma: gamma, backend: .reference)
            }
            // Relative: undiscounted sums over 150 rewards reach about 10 in size.
            let scale = max(1, slow.map(abs).max() ?? 1)
            #expect(maxDifference(fast, slow) <= 1e-5 * scale, "returns, gamma \(gamma)")
            for lambda: Float in [1, 0.95, 0] {
                let fastGAE = try columns.withStepBatch(offsets: lambda == 0.95) {
                    try DiscountedSums.generalizedAdvantages(of: $0, gamma: gamma, lambda: lambda)
                }
                let slowGAE = try columns.withStepBatch {
                    try DiscountedSums.generalizedAdvantages(
                        of: $0, gamma: gamma, lambda: lambda, backend: .reference)
                }
                let scaleGAE = max(1, slowGAE.map(abs).max() ?? 1)
                #expect(maxDifference(fastGAE, slowGAE) <= 1e-5 * scaleGAE, "GAE, gamma \(gamma), lambda \(lambda)")
            }
        }
    }

    @Test("batches of a few short episodes, some empty: vector loads near the columns' ends")
    func fewShortEpisodes() throws {
        for seed in UInt64(0)..<40 {
            let episodes = 1 + Int(seed % 12)
            var columns = BatchColumns.random(
                episodes: episodes, lengths: 0...(seed % 3 == 0 ? 2 : 9), seatCount: 2, roleCount: 2, seed: 300 + seed)
            if seed % 4 == 1 {
                columns.append(BatchColumns.random(episodes: 3, lengths: 0...0, seatCount: 2, roleCount: 2, seed: seed))
            }
            var blas = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(update: .perBatch, gamma: 0.9))
            var reference = blas
            reference.configuration.backend = .reference
            let fast = try columns.withTurnBatch(offsets: seed % 2 == 1) { try blas.estimate($0) }
            let slow = try columns.withTurnBatch { try reference.estimate($0) }
            #expect(maxDifference(fast.advantages, slow.advantages) <= 1e-5, "seed \(seed)")
            let fastGAE = try columns.withStepBatch { try DiscountedSums.generalizedAdvantages(of: $0, gamma: 0.9, lambda: 0.8) }
            let slowGAE = try columns.withStepBatch {
                try DiscountedSums.generalizedAdvantages(of: $0, gamma: 0.9, lambda: 0.8, backend: .reference)
            }
            #expect(maxDifference(fastGAE, slowGAE) <= 1e-5, "seed \(seed)")
        }
    }

    @Test("an episode longer than a tile, among short ones")
    func episodeLongerThanATile() throws {
        var columns = BatchColumns.random(episodes: 30, lengths: 0...5, seatCount: 3, roleCount: 3, seed: 21)
        columns.append(BatchColumns.random(episodes: 1, lengths: 20_000...20_000, seatCount: 3, roleCount: 3, seed: 22))
        var blas = try RoleAdvantageEstimator(roleCount: 3, configuration: .init(gamma: 0.999))
        var reference = blas
        reference.configuration.backend = .reference
        let fast = try columns.withTurnBatch { try blas.estimate($0) }
        let slow = try columns.withTurnBatch { try reference.estimate($0) }
        #expect(maxDifference(fast.advantages, slow.advantages) <= 1e-5)
        let fastGAE = try columns.withStepBatch {
            try DiscountedSums.generalizedAdvantages(of: $0, gamma: 0.99, lambda: 0.9)
        }
        let slowGAE = try columns.withStepBatch {
            try DiscountedSums.generalizedAdvantages(of: $0, gamma: 0.99, lambda: 0.9, backend: .reference)
        }
        let scale = max(1, slowGAE.map(abs).max() ?? 1)
        #expect(maxDifference(fastGAE, slowGAE) <= 1e-5 * scale)
    }

    @Test("two-player tiles, then a game where both seats share a role (per-game update)")
    func rolesStartRepeatingLate() throws {
        // 6,000 alternating games with roles 0 and 1 (several tiles take the one-player-per-
        // role loop), then games where both seats have role 1, so a later tile is redone.
        var columns = BatchColumns(seatCount: 2, roleCount: 2)
        for game in 0..<8_000 {
            let length = 2 + game % 3
            let roles: [Int32] = game < 6_000 ? [0, 1] : [1, 1]
            for turn in 0..<length {
                columns.seats.append(Int32(turn % 2))
                columns.roles.append(roles[turn % 2])
            }
            columns.lengths.append(Int32(length))
            let outcome = Float(game % 5) - 2
            columns.finalReturns += [outcome, -outcome / 2]
        }
        for gamma: Float in [1, 0.9] {
            var blas = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(gamma: gamma))
            var reference = blas
            reference.configuration.backend = .reference
            for _ in 0..<2 {
                let fast = try columns.withTurnBatch { try blas.estimate($0) }
                let slow = try columns.withTurnBatch { try reference.estimate($0) }
                #expect(maxDifference(fast.advantages, slow.advantages) <= 1e-5, "gamma \(gamma)")
                #expect(maxDifference(blas.baselines.values, reference.baselines.values) <= 1e-5)
            }
        }
    }
}
