import Testing

@testable import RAE

/// The BLAS paths check each tile just before computing it; a bad turn in a late tile, after
/// earlier tiles were computed, must still leave no trace in the baselines.
@Suite("Bad input in a late tile")
struct LateTileErrorTests {
    @Test(
        "a bad turn in a late tile, after earlier tiles were computed, moves no baseline",
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

/// Returns and GAE in the general chain layout check a tile while keying and laying it out,
/// whose vector loads read a few seat ids past the tile's end: a bad input anywhere, next to
/// tile boundaries too, is named where it is.
@Suite("Bad input anywhere in a batch of several chain-layout tiles")
struct ChainTileErrorTests {
    @Test("a bad seat id, reward or value next to a tile boundary, and anywhere else, is named")
    func badInput() throws {
        // Werewolf-shaped: 8 seats in mixed order, episodes longer than the cyclic layout's.
        let base = BatchColumns.random(episodes: 600, lengths: 40...80, seatCount: 8, roleCount: 4, seed: 31)
        var starts: [Int] = []
        base.withStepBatch { steps in
            steps.episodes.forEachTile(tileSize: TileKeys.tileSize) { starts.append($0.firstTurn) }
        }
        #expect(starts.count >= 3)
        let turns = [0, 5, base.seats.count - 1] + starts.dropFirst().flatMap { [$0 - 3, $0 - 1, $0, $0 + 2] }
        func error(_ columns: BatchColumns, lambda: Float?) -> RAEError? {
            #expect(throws: RAEError.self) {
                try columns.withStepBatch { steps in
                    if let lambda {
                        _ = try DiscountedSums.generalizedAdvantages(of: steps, gamma: 0.9, lambda: lambda)
                    } else {
                        _ = try DiscountedSums.returns(of: steps, gamma: 0.9)
                    }
                }
            }
        }
        for turn in turns {
            for lambda: Float? in [nil, 0.9] {
                var columns = base
                columns.seats[turn] = 8
                #expect(error(columns, lambda: lambda) == .seatOutOfRange(seat: 8, turn: turn, seatCount: 8), "seat at \(turn)")
                columns = base
                columns.seats[turn] = -2
                #expect(error(columns, lambda: lambda) == .seatOutOfRange(seat: -2, turn: turn, seatCount: 8), "seat at \(turn)")
                columns = base
                columns.rewards[turn] = .nan
                #expect(error(columns, lambda: lambda)?.description == "reward at turn \(turn) is nan", "reward at \(turn)")
            }
            var columns = base
            columns.values[turn] = -.infinity
            #expect(error(columns, lambda: 0.95)?.description == "value estimate at turn \(turn) is -inf", "value at \(turn)")
        }
    }

    @Test("a tile whose key writer reads a bad seat id of the next tile is still computed")
    func falseAlarm() throws {
        // The bad id sits in the next tile's first turns, which the tile's last vector load reads.
        let base = BatchColumns.random(episodes: 600, lengths: 40...80, seatCount: 8, roleCount: 4, seed: 32)
        var tiles: [EpisodeTile] = []
        base.withStepBatch { steps in
            steps.episodes.forEachTile(tileSize: TileKeys.tileSize) { tiles.append($0) }
        }
        // A tile whose last episode's length is not a multiple of the key writer's 8: its last
        // load reads into the next tile.
        let tile = try #require(tiles.dropFirst().dropLast().first { base.lengths[$0.episodes.upperBound - 1] % 8 != 0 })
        let next = tile.firstTurn + tile.turnCount
        let reference = try base.withStepBatch { try DiscountedSums.returns(of: $0, gamma: 0.9, backend: .reference) }
        var columns = base
        for turn in next..<(next + 7) { columns.seats[turn] = 9 }
        var output = [Float](repeating: .nan, count: base.seats.count)
        do {
            try columns.withStepBatch { steps in
                try output.withUnsafeMutableBufferPointer { try DiscountedSums.returns(of: steps, gamma: 0.9, into: $0) }
            }
            Issue.record("the bad seat id was not refused")
        } catch let error as RAEError {
            #expect(error == .seatOutOfRange(seat: 9, turn: next, seatCount: 8))
        }
        // The tiles before the bad one were computed, the one that read its ids included.
        #expect(!output[0..<next].contains { $0.isNaN }, "a tile before the bad one was not written")
        #expect(maxDifference(Array(output[0..<next]), Array(reference[0..<next])) <= 1e-5)
    }
}
