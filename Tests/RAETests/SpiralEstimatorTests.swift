import RAE
import Testing

/// Hand-computed cases of SPIRAL's estimator (docs/references.md, SPIRAL), run on both backends.
@Suite("SPIRAL's role-conditioned advantage estimation")
struct SpiralEstimatorTests {
    /// TicTacToe-shaped games: X (seat 0, role 0) moves at turns 0, 2, 4; O (seat 1, role 1)
    /// at turns 1, 3.
    static func ticTacToeGames(returns: [[Float]]) -> BatchColumns {
        var columns = BatchColumns(seatCount: 2, roleCount: 2)
        for game in returns {
            columns.seats += [0, 1, 0, 1, 0]
            columns.roles += [0, 1, 0, 1, 0]
            columns.lengths.append(5)
            columns.finalReturns += game
        }
        return columns
    }

    static func estimate(
        _ columns: BatchColumns, with estimator: inout RoleAdvantageEstimator, offsets: Bool = false
    ) throws -> TurnAdvantages {
        try columns.withTurnBatch(offsets: offsets) { try estimator.estimate($0) }
    }

    static func expectClose(_ actual: [Float], _ expected: [Float], _ comment: Comment? = nil) {
        #expect(actual.count == expected.count, comment)
        #expect(maxDifference(actual, expected) < 1e-6, "\(actual) vs \(expected)")
    }

    @Test("the first game reads baseline 0, so A = R, and leaves b = 0.05 R", arguments: ComputeBackend.allCases)
    func firstGame(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(backend: backend))
        let result = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1]]), with: &rae)
        #expect(result.advantages == [1, -1, 1, -1, 1])
        #expect(result.keptTurns == nil)
        Self.expectClose(rae.baselines.values, [0.05, -0.05])
    }

    @Test("per game, the second game reads what the first left: A = R - 0.05 R1", arguments: ComputeBackend.allCases)
    func secondGameReadsFirstGamesBaseline(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(backend: backend))
        let result = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1], [-1, 1]]), with: &rae)
        // Game 2: X reads 0.05 -> -1 - 0.05; O reads -0.05 -> 1 + 0.05.
        Self.expectClose(result.advantages, [1, -1, 1, -1, 1, -1.05, 1.05, -1.05, 1.05, -1.05])
        // X: 0.95 * 0.05 + 0.05 * -1 = -0.0025; O mirrors it.
        Self.expectClose(rae.baselines.values, [-0.0025, 0.0025])
    }

    @Test("per game, two games in one batch equal two batches of one game", arguments: ComputeBackend.allCases)
    func perGameIsIndependentOfBatching(backend: ComputeBackend) throws {
        var together = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(backend: backend))
        var apart = together
        let both = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1], [0, 0]]), with: &together)
        let first = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1]]), with: &apart)
        let second = try Self.estimate(Self.ticTacToeGames(returns: [[0, 0]]), with: &apart)
        #expect(both.advantages == first.advantages + second.advantages)
        #expect(together.baselines == apart.baselines)
    }

    @Test("per batch, every game reads the baseline from before the batch, then one update with the mean", arguments: ComputeBackend.allCases)
    func perBatch(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(
            roleCount: 2, configuration: .init(update: .perBatch, backend: backend))
        let first = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1], [0, 0], [1, -1]]), with: &rae)
        // All three games read 0.
        Self.expectClose(first.advantages, [1, -1, 1, -1, 1, 0, 0, 0, 0, 0, 1, -1, 1, -1, 1])
        // Means: X 2/3, O -2/3; b = 0.05 * mean.
        Self.expectClose(rae.baselines.values, [0.05 * 2 / 3, -0.05 * 2 / 3])
        let second = try Self.estimate(Self.ticTacToeGames(returns: [[-1, 1], [-1, 1]]), with: &rae)
        let x: Float = -1 - 0.05 * 2 / 3
        let o: Float = 1 + 0.05 * 2 / 3
        Self.expectClose(second.advantages, [x, o, x, o, x, x, o, x, o, x])
        Self.expectClose(rae.baselines.values, [0.95 * 0.05 * 2 / 3 - 0.05, -(0.95 * 0.05 * 2 / 3 - 0.05)])
    }

    @Test("turn i of a player's n turns gets A * gamma^(n-1-i)", arguments: ComputeBackend.allCases)
    func discounting(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(gamma: 0.5, backend: backend))
        // Kuhn-shaped: seat 0 acts at turns 0 and 2 (n = 2), seat 1 at turn 1 (n = 1).
        var kuhn = BatchColumns(seatCount: 2, roleCount: 2)
        kuhn.seats = [0, 1, 0]
        kuhn.roles = [0, 1, 0]
        kuhn.lengths = [3]
        kuhn.finalReturns = [2, -2]
        let first = try Self.estimate(kuhn, with: &rae)
        #expect(first.advantages == [1, -2, 2])
        // TicTacToe-shaped, after it: X reads 0.1 and has 3 turns; O reads -0.1 and has 2.
        let second = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1]]), with: &rae)
        Self.expectClose(second.advantages, [0.9 * 0.25, -0.9 * 0.5, 0.9 * 0.5, -0.9, 0.9])
    }

    @Test("zero-advantage filtering keeps only turns whose advantage is not exactly 0", arguments: ComputeBackend.allCases)
    func zeroAdvantageFiltering(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(
            roleCount: 2, configuration: .init(filterZeroAdvantage: true, backend: backend))
        // A first-game draw has A = 0 - 0 everywhere; the win after it does not.
        let result = try Self.estimate(Self.ticTacToeGames(returns: [[0, 0], [1, -1]]), with: &rae)
        #expect(result.advantages == [0, 0, 0, 0, 0, 1, -1, 1, -1, 1])
        #expect(result.keptTurns == [5, 6, 7, 8, 9])
        // A later draw reads non-zero baselines, so it is kept.
        let later = try Self.estimate(Self.ticTacToeGames(returns: [[0, 0]]), with: &rae)
        #expect(later.keptTurns == [0, 1, 2, 3, 4])
    }

    @Test("players sharing a role in one game read one baseline and update it once with their mean", arguments: ComputeBackend.allCases)
    func sharedRoleInOneGame(backend: ComputeBackend) throws {
        // Werewolf-shaped: seats 0 and 1 are villagers (role 0), seat 2 the werewolf (role 1).
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(backend: backend))
        var games = BatchColumns(seatCount: 3, roleCount: 2)
        games.seats = [0, 1, 2, 2, 1, 0, 1, 2]
        games.roles = [0, 0, 1, 1, 0, 0, 0, 1]
        games.lengths = [3, 5]
        games.finalReturns = [1, 1, -1, 1, 0, -1]
        let result = try Self.estimate(games, with: &rae)
        // Game 2 reads villager 0.05 (one update with mean 1, not two) and werewolf -0.05.
        Self.expectClose(result.advantages, [1, 1, -1, -0.95, -0.05, 0.95, -0.05, -0.95])
        // Villagers: 0.95 * 0.05 + 0.05 * mean(1, 0); werewolf: 0.95 * -0.05 + 0.05 * -1.
        Self.expectClose(rae.baselines.values, [0.0725, -0.0975])
    }

    /// Three seats, one game: seats 0 and 1 act (roles 0 and 1), seat 2 (role 2) never does.
    static func gameWithASeatThatNeverActs(seatRoles: [Int32]) -> BatchColumns {
        var games = BatchColumns(seatCount: 3, roleCount: 3)
        games.seats = [0, 1]
        games.roles = [0, 1]
        games.lengths = [2]
        games.finalReturns = [1, -1, 5]
        games.seatRoles = seatRoles
        return games
    }

    @Test("every seat is a player: one that never acted moves its role's baseline, with no turns to advantage", arguments: ComputeBackend.allCases)
    func seatWithoutTurnsIsAPlayer(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 3, configuration: .init(backend: backend))
        let result = try Self.estimate(Self.gameWithASeatThatNeverActs(seatRoles: [0, 1, 2]), with: &rae)
        #expect(result.advantages == [1, -1])
        Self.expectClose(rae.baselines.values, [0.05, -0.05, 0.25])
    }

    @Test("acting seats only: a seat that never acts leaves its role's baseline alone", arguments: ComputeBackend.allCases)
    func seatWithoutTurnsUnderActingSeats(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(
            roleCount: 3, configuration: .init(backend: backend, players: .actingSeats))
        let result = try Self.estimate(Self.gameWithASeatThatNeverActs(seatRoles: []), with: &rae)
        #expect(result.advantages == [1, -1])
        Self.expectClose(rae.baselines.values, [0.05, -0.05, 0])
    }

    @Test("every seat a player, but no seat roles: a seat without turns is refused, nothing changes", arguments: ComputeBackend.allCases)
    func seatWithoutTurnsNeedsItsRole(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 3, configuration: .init(backend: backend))
        let before = rae.baselines
        #expect(throws: RAEError.seatRoleUnknown(episode: 0, seat: 2)) {
            try Self.estimate(Self.gameWithASeatThatNeverActs(seatRoles: []), with: &rae)
        }
        #expect(rae.baselines == before)
        #expect(RAEError.seatRoleUnknown(episode: 0, seat: 2).description.contains("players .actingSeats"))
    }

    @Test("seat roles out of range are refused with the seat and episode", arguments: ComputeBackend.allCases)
    func seatRoleOutOfRange(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 3, configuration: .init(backend: backend))
        #expect(throws: RAEError.seatRoleOutOfRange(role: 3, episode: 0, seat: 2, roleCount: 3)) {
            try Self.estimate(Self.gameWithASeatThatNeverActs(seatRoles: [0, 1, 3]), with: &rae)
        }
    }

    @Test("no baseline (REINFORCE) gives A = R and keeps no state", arguments: ComputeBackend.allCases)
    func noBaseline(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(baseline: .none, backend: backend))
        let result = try Self.estimate(Self.ticTacToeGames(returns: [[1, -1], [-1, 1]]), with: &rae)
        #expect(result.advantages == [1, -1, 1, -1, 1, -1, 1, -1, 1, -1])
        #expect(rae.baselines.values == [0])
    }

    @Test("one global baseline is shared by all roles", arguments: ComputeBackend.allCases)
    func globalBaseline(backend: ComputeBackend) throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(baseline: .global, backend: backend))
        // Game 1: both read 0; one update with the mean of all players (1 + 0) / 2.
        let result = try Self.estimate(Self.ticTacToeGames(returns: [[1, 0], [-1, 1]]), with: &rae)
        Self.expectClose(result.advantages, [1, 0, 1, 0, 1, -1.025, 0.975, -1.025, 0.975, -1.025])
        Self.expectClose(rae.baselines.values, [0.95 * 0.025])
    }

    @Test("offsets and lengths describe the same batch", arguments: ComputeBackend.allCases)
    func offsetsEqualLengths(backend: ComputeBackend) throws {
        let columns = BatchColumns.random(episodes: 50, lengths: 0...12, seatCount: 3, roleCount: 4, seed: 7)
        var byLengths = try RoleAdvantageEstimator(roleCount: 4, configuration: .init(gamma: 0.9, backend: backend))
        var byOffsets = byLengths
        let a = try Self.estimate(columns, with: &byLengths)
        let b = try Self.estimate(columns, with: &byOffsets, offsets: true)
        #expect(a == b)
        #expect(byLengths.baselines == byOffsets.baselines)
    }
}
