import RAE
import Testing

/// Bad input gets an error that names the problem and where it is; no baseline moves and
/// no result is returned (an output buffer's contents are unspecified after an error).
@Suite("Bad input is refused with a precise error")
struct ValidationTests {
    /// Two finished TicTacToe-shaped games whose columns each test breaks in one place.
    static func games() -> BatchColumns {
        SpiralEstimatorTests.ticTacToeGames(returns: [[1, -1], [-1, 1]])
    }

    /// Runs the estimator on both backends after a game has moved the baselines, and checks
    /// that the error matches (`expected` nil: by description only, as NaN != NaN) and that
    /// the baselines did not change.
    static func expectRefused(
        _ columns: BatchColumns, offsets: Bool = false, roleCount: Int = 2,
        _ expected: RAEError?, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for backend in ComputeBackend.allCases {
            var rae = try RoleAdvantageEstimator(roleCount: roleCount, configuration: .init(backend: backend))
            _ = try games().withTurnBatch { try rae.estimate($0) }
            let before = rae.baselines
            var output = [Float](repeating: 0, count: columns.seats.count)
            let error = #expect(throws: RAEError.self, sourceLocation: sourceLocation) {
                try columns.withTurnBatch(offsets: offsets) { batch in
                    try output.withUnsafeMutableBufferPointer { try rae.estimate(batch, into: $0) }
                }
            }
            if let expected { #expect(error == expected, sourceLocation: sourceLocation) }
            #expect(error?.description == message, sourceLocation: sourceLocation)
            #expect(rae.baselines == before, "baselines moved", sourceLocation: sourceLocation)
        }
    }

    @Test("lengths that do not add up to the turn count")
    func lengthsDoNotAddUp() throws {
        var columns = Self.games()
        columns.lengths = [5, 3]
        try Self.expectRefused(
            columns, .lengthsDoNotAddUp(sum: 8, turnCount: 10), "lengths add up to 8 but there are 10 turns")
    }

    @Test("a negative length")
    func negativeLength() throws {
        var columns = Self.games()
        columns.lengths = [12, -2]
        columns.finalReturns = [1, -1, -1, 1]
        try Self.expectRefused(columns, .negativeLength(episode: 1, length: -2), "episode 1 has negative length -2")
    }

    @Test("offsets that decrease or do not end at the turn count")
    func badOffsets() throws {
        let columns = Self.games()
        _ = StepBatch.withArrays(
            seats: columns.seats, episodes: .offsets([0, 6, 4]), seatCount: 2,
            rewards: [Float](repeating: 0, count: 10)
        ) { batch in
            #expect(throws: RAEError.offsetsDecrease(episode: 1, start: 6, end: 4)) {
                try DiscountedSums.returns(of: batch, gamma: 1)
            }
        }
        StepBatch.withArrays(
            seats: columns.seats, episodes: .offsets([0, 5, 9]), seatCount: 2,
            rewards: [Float](repeating: 0, count: 10)
        ) { batch in
            let error = #expect(throws: RAEError.self) { try DiscountedSums.returns(of: batch, gamma: 1) }
            #expect(error?.description == "episode offsets end at 9 but there are 10 turns")
        }
    }

    @Test("a NaN or infinite final return")
    func nonFiniteFinalReturn() throws {
        var columns = Self.games()
        columns.finalReturns[3] = .nan
        try Self.expectRefused(
            columns, nil,
            "final return of seat 1 in episode 1 is nan")
        columns.finalReturns[3] = .infinity
        try Self.expectRefused(
            columns, .nonFiniteFinalReturn(episode: 1, seat: 1, value: .infinity),
            "final return of seat 1 in episode 1 is inf")
    }

    @Test("a role id out of range")
    func roleOutOfRange() throws {
        var columns = Self.games()
        columns.roles[3] = 9
        try Self.expectRefused(
            columns, roleCount: 4, .roleOutOfRange(role: 9, turn: 3, roleCount: 4),
            "role id 9 at turn 3 is out of range 0..<4")
        columns.roles[3] = -1
        try Self.expectRefused(
            columns, .roleOutOfRange(role: -1, turn: 3, roleCount: 2), "role id -1 at turn 3 is out of range 0..<2")
    }

    @Test("a seat id out of range")
    func seatOutOfRange() throws {
        var columns = Self.games()
        columns.seats[7] = 2
        try Self.expectRefused(
            columns, .seatOutOfRange(seat: 2, turn: 7, seatCount: 2), "seat id 2 at turn 7 is out of range 0..<2")
    }

    @Test("a seat that changes role within an episode")
    func roleChanges() throws {
        var columns = Self.games()
        columns.roles[8] = 0
        try Self.expectRefused(
            columns, .roleChangesWithinEpisode(episode: 1, seat: 1, turn: 8, role: 0, earlierRole: 1),
            "seat 1 has role 0 at turn 8 but role 1 earlier in episode 1; a seat keeps its role for a whole episode")
    }

    @Test("columns of the wrong size")
    func wrongColumnSizes() throws {
        var columns = Self.games()
        columns.roles.removeLast()
        try Self.expectRefused(
            columns, .columnCount(column: "roles", count: 9, expected: 10, reason: "the 10 turns"),
            "roles has 9 entries but the 10 turns need 10")
        columns = Self.games()
        columns.finalReturns.append(0)
        try Self.expectRefused(
            columns, .columnCount(column: "finalReturns", count: 5, expected: 4, reason: "2 episodes x 2 seats"),
            "finalReturns has 5 entries but 2 episodes x 2 seats need 4")
    }

    @Test("NaN rewards, NaN values and missing values for GAE", arguments: ComputeBackend.allCases)
    func badSteps(backend: ComputeBackend) throws {
        var columns = DiscountedSumsTests.steps(
            seats: [0, 0, 0, 0], lengths: [4], seatCount: 1, rewards: [0, 0, 0, 0], values: [0, 0, 0, 0])
        columns.rewards[2] = .nan
        let error = #expect(throws: RAEError.self) {
            try columns.withStepBatch { try DiscountedSums.returns(of: $0, gamma: 1, backend: backend) }
        }
        #expect(error?.description == "reward at turn 2 is nan")
        columns.rewards[2] = 0
        columns.values[1] = -.infinity
        let valueError = #expect(throws: RAEError.self) {
            try columns.withStepBatch {
                try DiscountedSums.generalizedAdvantages(of: $0, gamma: 1, lambda: 0.9, backend: backend)
            }
        }
        #expect(valueError?.description == "value estimate at turn 1 is -inf")
        StepBatch.withArrays(seats: [0], episodes: .lengths([1]), seatCount: 1, rewards: [1]) { batch in
            let missing = #expect(throws: RAEError.self) {
                try DiscountedSums.generalizedAdvantages(of: batch, gamma: 1, lambda: 1, backend: backend)
            }
            #expect(missing?.description == "values has 0 entries but GAE over the 1 turns need 1")
        }
    }

    @Test("parameters out of range")
    func badParameters() throws {
        #expect(throws: RAEError.invalidParameter(name: "decay", value: "1.5", allowed: "0.0 ... 1.0")) {
            try RoleBaselines(roleCount: 2, decay: 1.5)
        }
        #expect(throws: RAEError.invalidParameter(name: "roleCount", value: "0", allowed: "1 or more")) {
            try RoleAdvantageEstimator(roleCount: 0)
        }
        var rae = try RoleAdvantageEstimator(roleCount: 2)
        rae.configuration.gamma = -0.1
        let error = #expect(throws: RAEError.self) {
            try Self.games().withTurnBatch { try rae.estimate($0) }
        }
        #expect(error?.description == "gamma is -0.1; allowed: 0.0 ... 1.0")
    }
}

/// OpenBLAS runs on one thread unless told otherwise; the count is settable.
@Suite("OpenBLAS threads")
struct BLASThreadsTests {
    @Test("a thread count can be set and read back; a bad one is refused")
    func threadCount() throws {
        // Other suites may run meanwhile; their results do not depend on the thread count.
        #expect(BLASThreads.current >= 1)
        try BLASThreads.set(2)
        #expect(BLASThreads.current == 2)
        try BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        #expect(throws: RAEError.invalidParameter(name: "BLAS thread count", value: "0", allowed: "1 or more")) {
            try BLASThreads.set(0)
        }
    }

    @Test("an output buffer of the wrong size is refused")
    func wrongOutputSize() throws {
        var rae = try RoleAdvantageEstimator(roleCount: 2)
        var output = [Float](repeating: 0, count: 3)
        let error = #expect(throws: RAEError.self) {
            try ValidationTests.games().withTurnBatch { batch in
                try output.withUnsafeMutableBufferPointer { try rae.estimate(batch, into: $0) }
            }
        }
        #expect(error?.description == "advantages has 3 entries but the 10 turns need 10")
    }
}
