import RAE
import Testing

/// The BLAS paths check each tile just before computing it; a bad turn in a late tile, after
/// earlier tiles were computed, must still leave no trace in the baselines.
@Suite("Bad input in a late tile")
struct LateTileErrorTests {
    @Test("a bad turn in a late tile, after earlier tiles were computed, moves no baseline",
          arguments: [BaselineUpdate.perGame, .perBatch])
    func badTurnInLateTile(update: BaselineUpdate) throws {
        // 9,000 TicTacToe-shaped games span several tiles; the bad role id is in the last game.
        var columns = BatchColumns(seatCount: 2, roleCount: 2)
        for game in 0..<9_000 {
            for turn in 0..<7 {
                columns.seats.append(Int32(turn % 2))
                columns.roles.append(Int32(turn % 2))
            }
            columns.lengths.append(7)
            columns.finalReturns += game % 2 == 0 ? [1, -1] : [0, 0]
        }
        let badTurn = columns.roles.count - 2
        columns.roles[badTurn] = 5
        for backend in ComputeBackend.allCases {
            var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(update: update, backend: backend))
            _ = try ValidationTests.games().withTurnBatch { try rae.estimate($0) }
            let before = rae.baselines
            #expect(throws: RAEError.roleOutOfRange(role: 5, turn: badTurn, roleCount: 2)) {
                try columns.withTurnBatch { try rae.estimate($0) }
            }
            #expect(rae.baselines == before, "\(backend): baselines moved")
            // The same batch, repaired, is then accepted and moves them.
            var repaired = columns
            repaired.roles[badTurn] = 1
            _ = try repaired.withTurnBatch { try rae.estimate($0) }
            #expect(rae.baselines != before)
        }
    }

    @Test("a NaN reward in a late tile is refused by returns and GAE")
    func badRewardInLateTile() throws {
        var columns = BatchColumns(seatCount: 2, roleCount: 2)
        for _ in 0..<9_000 {
            for turn in 0..<7 {
                columns.seats.append(Int32(turn % 2))
                columns.rewards.append(0.5)
                columns.values.append(0.25)
            }
            columns.lengths.append(7)
        }
        let badTurn = columns.rewards.count - 3
        columns.rewards[badTurn] = .nan
        for backend in ComputeBackend.allCases {
            let returnsError = #expect(throws: RAEError.self) {
                try columns.withStepBatch { try DiscountedSums.returns(of: $0, gamma: 0.9, backend: backend) }
            }
            #expect(returnsError?.description == "reward at turn \(badTurn) is nan")
            let gaeError = #expect(throws: RAEError.self) {
                try columns.withStepBatch {
                    try DiscountedSums.generalizedAdvantages(of: $0, gamma: 0.9, lambda: 0.95, backend: backend)
                }
            }
            #expect(gaeError?.description == "reward at turn \(badTurn) is nan")
        }
    }
}
