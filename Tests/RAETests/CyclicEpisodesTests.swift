import Testing

@testable import RAE

/// Discounted sums on the BLAS path's fast layout, where seats take turns in cyclic order
/// and each episode is one span, against the reference loop; and the switch to the general
/// layout when a tile's seats do not take turns that way.
@Suite("Returns and GAE when seats take turns in cyclic order")
struct CyclicEpisodesTests {
    typealias Shape = BackendEquivalenceTests.Profile

    static let shapes = [
        Shape(name: "Kuhn-like, with empty episodes", lengths: 0...3, seatCount: 2, roleCount: 2),
        Shape(name: "TicTacToe-like", lengths: 5...9, seatCount: 2, roleCount: 2),
        Shape(name: "three seats, up to the longest span", lengths: 1...32, seatCount: 3, roleCount: 2),
        Shape(name: "eight seats, short episodes", lengths: 1...12, seatCount: 8, roleCount: 2),
        Shape(name: "one seat", lengths: 1...32, seatCount: 1, roleCount: 1),
        Shape(name: "two seats, some episodes longer than a span", lengths: 20...40, seatCount: 2, roleCount: 2),
    ]

    @Test("BLAS equals the reference for returns and GAE", arguments: shapes)
    func matchesReference(shape: Shape) throws {
        // Several tiles (8192 turns plus episodes each), so that tiles end inside the batch
        // and the last episodes are copied near the columns' ends.
        let columns = BatchColumns.random(
            episodes: 40_000 / shape.lengths.upperBound, lengths: shape.lengths,
            seatCount: shape.seatCount, roleCount: shape.roleCount, seed: 5, seatOrder: .cyclic)
        try expectBLASMatchesReference(columns)
    }

    @Test("a tile out of cyclic order after tiles in it goes to the general layout")
    func laterTileOutOfOrder() throws {
        var columns = BatchColumns.random(
            episodes: 6_000, lengths: 0...3, seatCount: 2, roleCount: 2, seed: 6, seatOrder: .cyclic)
        // One episode where seat 0 moves twice in a row, then cyclic ones again.
        columns.append(
            BatchColumns(
                seats: [0, 0, 1], roles: [0, 0, 1], lengths: [3], seatCount: 2, roleCount: 2,
                finalReturns: [1, -1], rewards: [0.5, -0.25, 1], values: [0.1, 0.2, 0.3]))
        columns.append(
            BatchColumns.random(
                episodes: 6_000, lengths: 0...3, seatCount: 2, roleCount: 2, seed: 7, seatOrder: .cyclic))
        try expectBLASMatchesReference(columns)
    }

    @Test("the layout takes a tile in cyclic order and refuses one that is not, writing nothing")
    func layoutChoice() throws {
        let cyclic = BatchColumns.random(
            episodes: 200, lengths: 0...9, seatCount: 3, roleCount: 2, seed: 8, seatOrder: .cyclic)
        #expect(try Self.cyclicLayoutTakes(cyclic) == .written)
        for position in [0, 1, 2] {
            // A step backwards inside one episode, at its start, middle or end.
            var broken = cyclic
            broken.append(
                BatchColumns(
                    seats: [1, 2, 0].enumerated().map { $0.offset == position ? ($0.element + 1) % 3 : $0.element },
                    roles: [0, 1, 0], lengths: [3], seatCount: 3, roleCount: 2,
                    finalReturns: [0, 0, 0], rewards: [1, 1, 1], values: [0, 0, 0]))
            #expect(try Self.cyclicLayoutTakes(broken) == .outOfOrder, "misstep at turn \(position) of the last episode (copied turn by turn)")
            broken.append(cyclic)
            #expect(try Self.cyclicLayoutTakes(broken) == .outOfOrder, "misstep at turn \(position) of an episode in the middle")
        }
        // The same seat twice across an episode boundary is not a misstep.
        var boundary = BatchColumns(seatCount: 2, roleCount: 2)
        boundary.append(
            BatchColumns(
                seats: [0, 1, 1, 0, 1], roles: [0, 1, 1, 0, 1], lengths: [2, 3], seatCount: 2, roleCount: 2,
                finalReturns: [0, 0, 0, 0], rewards: [1, 2, 3, 4, 5], values: [0, 0, 0, 0, 0]))
        boundary.append(cyclic.withSeatCount(2))
        #expect(try Self.cyclicLayoutTakes(boundary) == .written)
    }

    @Test("bad input in a cyclic tile is refused, writing nothing, and named as by the reference")
    func badInput() throws {
        for seatCount in [2, 3] {
            let base = BatchColumns.random(
                episodes: 300, lengths: 0...9, seatCount: seatCount, roleCount: 2, seed: 12, seatOrder: .cyclic)
            // Early (laid four turns at a time) and the batch's last turn (laid one at a time).
            for turn in [40, base.seats.count - 1] {
                let mutations: [(String, (inout BatchColumns) -> Void)] = [
                    ("seat id \(seatCount)", { $0.seats[turn] = Int32(seatCount) }),
                    ("seat id -1", { $0.seats[turn] = -1 }),
                    ("NaN reward", { $0.rewards[turn] = .nan }),
                    ("infinite reward", { $0.rewards[turn] = -.infinity }),
                ]
                for (name, mutate) in mutations {
                    var columns = base
                    mutate(&columns)
                    let context = "\(name) at turn \(turn), \(seatCount) seats"
                    #expect(try Self.cyclicLayoutTakes(columns) == .invalid, "\(context)")
                    try Self.expectSameError(columns, context: context, lambda: nil)
                    try Self.expectSameError(columns, context: context, lambda: 0.9)
                }
                var columns = base
                columns.values[turn] = .nan
                try Self.expectSameError(columns, context: "NaN value at turn \(turn), \(seatCount) seats", lambda: 0.9)
            }
        }
    }

    /// The BLAS path refuses the batch with the reference path's error.
    static func expectSameError(_ columns: BatchColumns, context: String, lambda: Float?) throws {
        func run(_ backend: ComputeBackend) throws {
            try columns.withStepBatch { steps in
                if let lambda {
                    _ = try DiscountedSums.generalizedAdvantages(of: steps, gamma: 0.9, lambda: lambda, backend: backend)
                } else {
                    _ = try DiscountedSums.returns(of: steps, gamma: 0.9, backend: backend)
                }
            }
        }
        let expected = #expect(throws: RAEError.self, "\(context): reference") { try run(.reference) }
        let actual = #expect(throws: RAEError.self, "\(context): BLAS") { try run(.blas) }
        // Descriptions: an error carrying NaN is not equal to itself.
        #expect(actual != nil && actual?.description == expected?.description, "\(context), lambda \(String(describing: lambda))")
    }

    /// Runs the fast layout alone on the batch as one tile: what became of it, and if it was
    /// written, whether its sums equal the reference's.
    static func cyclicLayoutTakes(_ columns: BatchColumns) throws -> BLASDiscountedSums.CyclicEpisodes.Outcome {
        try columns.withStepBatch { steps in
            let tile = EpisodeTile(episodes: 0..<columns.lengths.count, firstTurn: 0, turnCount: steps.turnCount)
            var output = [Float](repeating: .nan, count: steps.turnCount)
            var layout = BLASDiscountedSums.CyclicEpisodes()
            var matrix = BLASDiscountedSums.DiscountMatrix(discount: 0.9)
            let longest = steps.episodes.longestEpisode(in: tile.episodes)
            let taken = output.withUnsafeMutableBufferPointer { output in
                layout.compute(tile, of: steps, sums: .returns, longest: longest, matrix: &matrix, output: output.baseAddress!)
            }
            if taken == .written {
                let reference = try DiscountedSums.returns(of: steps, gamma: 0.9, backend: .reference)
                #expect(maxDifference(output, reference) <= 1e-5)
            } else {
                #expect(output.allSatisfy { $0.isNaN }, "a refused tile writes no output")
            }
            return taken
        }
    }

    func expectBLASMatchesReference(_ columns: BatchColumns) throws {
        for gamma: Float in [1, 0.99, 0.5] {
            for useOffsets in [false, true] {
                let fast = try columns.withStepBatch(offsets: useOffsets) { try DiscountedSums.returns(of: $0, gamma: gamma) }
                let slow = try columns.withStepBatch { try DiscountedSums.returns(of: $0, gamma: gamma, backend: .reference) }
                let scale = max(1, slow.map(abs).max() ?? 1)
                #expect(maxDifference(fast, slow) <= 1e-5 * scale, "returns, gamma \(gamma), offsets \(useOffsets)")
                for lambda: Float in [1, 0.95, 0] {
                    let fastGAE = try columns.withStepBatch(offsets: useOffsets) {
                        try DiscountedSums.generalizedAdvantages(of: $0, gamma: gamma, lambda: lambda)
                    }
                    let slowGAE = try columns.withStepBatch {
                        try DiscountedSums.generalizedAdvantages(of: $0, gamma: gamma, lambda: lambda, backend: .reference)
                    }
                    let scaleGAE = max(1, slowGAE.map(abs).max() ?? 1)
                    #expect(
                        maxDifference(fastGAE, slowGAE) <= 1e-5 * scaleGAE,
                        "GAE, gamma \(gamma), lambda \(lambda), offsets \(useOffsets)")
                }
            }
        }
    }
}

extension BatchColumns {
    /// The batch with seats folded into `0..<seatCount` in cyclic order from each episode's
    /// first seat (for reusing a batch at a smaller seat count).
    func withSeatCount(_ count: Int) -> BatchColumns {
        var copy = self
        copy.seatCount = count
        var turn = 0
        for length in lengths {
            let first = seats.isEmpty || length == 0 ? 0 : Int(seats[turn]) % count
            for offset in 0..<Int(length) { copy.seats[turn + offset] = Int32((first + offset) % count) }
            turn += Int(length)
        }
        copy.roles = copy.seats
        copy.finalReturns = (0..<lengths.count * count).map { _ in 0 }
        return copy
    }
}
