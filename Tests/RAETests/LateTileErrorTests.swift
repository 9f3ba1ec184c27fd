@testable import RAE
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

/// Seat and role ids are checked in the passes that key a tile's turns, whose vector loads
/// read a few turns past a tile's end: a bad id anywhere, at tile boundaries too, must still
/// be named where it is, in the tile it is in.
@Suite("Bad ids anywhere in a batch of several tiles")
struct BadIDPositionTests {
    /// 9,000 TicTacToe-shaped games (several tiles) and the first turns of their tiles.
    static func batch() -> (columns: BatchColumns, tileStarts: [Int], tileEpisodes: [Range<Int>]) {
        let columns = BatchColumns.random(
            episodes: 9_000, lengths: 5...9, seatCount: 2, roleCount: 2, seed: 17, seatOrder: .cyclic)
        var starts: [Int] = []
        var episodes: [Range<Int>] = []
        columns.withTurnBatch { batch in
            batch.episodes.forEachTile(tileSize: TileKeys.tileSize) {
                starts.append($0.firstTurn)
                episodes.append($0.episodes)
            }
        }
        return (columns, starts, episodes)
    }

    @Test("a bad seat or role id next to a tile boundary, and anywhere else, is named")
    func badIDs() throws {
        let (base, starts, _) = Self.batch()
        #expect(starts.count >= 3)
        let turns = [0, 3, base.seats.count - 1] + starts.dropFirst().flatMap { [$0 - 2, $0 - 1, $0, $0 + 1] }
        for turn in turns {
            for update in [BaselineUpdate.perGame, .perBatch] {
                var rae = try RoleAdvantageEstimator(roleCount: 2, configuration: .init(update: update))
                var columns = base
                columns.seats[turn] = 2
                #expect(throws: RAEError.seatOutOfRange(seat: 2, turn: turn, seatCount: 2), "seat at \(turn)") {
                    try columns.withTurnBatch { try rae.estimate($0) }
                }
                columns = base
                columns.seats[turn] = -1
                #expect(throws: RAEError.seatOutOfRange(seat: -1, turn: turn, seatCount: 2), "seat at \(turn)") {
                    try columns.withTurnBatch { try rae.estimate($0) }
                }
                columns = base
                columns.roles[turn] = 7
                #expect(throws: RAEError.roleOutOfRange(role: 7, turn: turn, roleCount: 2), "role at \(turn)") {
                    try columns.withTurnBatch { try rae.estimate($0) }
                }
            }
        }
    }

    @Test("in one tile a bad seat id is named before an earlier bad role id, a bad role id before a bad final return")
    func precedence() throws {
        let (base, starts, tileEpisodes) = Self.batch()
        var columns = base
        let tile = starts[1]
        columns.roles[tile + 10] = -3
        columns.seats[tile + 40] = 5
        var rae = try RoleAdvantageEstimator(roleCount: 2)
        #expect(throws: RAEError.seatOutOfRange(seat: 5, turn: tile + 40, seatCount: 2)) {
            try columns.withTurnBatch { try rae.estimate($0) }
        }
        // A NaN final return of the same tile's first game, and a bad role id in a later tile.
        columns = base
        columns.roles[tile + 10] = -3
        columns.finalReturns[2 * tileEpisodes[1].lowerBound] = .nan
        columns.roles[(starts.last ?? 0) + 3] = 9
        #expect(throws: RAEError.roleOutOfRange(role: -3, turn: tile + 10, roleCount: 2)) {
            try columns.withTurnBatch { try rae.estimate($0) }
        }
    }
}
