import Games
import RAE

/// Columns of a batch held in arrays, for building test inputs.
struct BatchColumns {
    var seats: [Int32] = []
    var roles: [Int32] = []
    var lengths: [Int32] = []
    var seatCount: Int
    var roleCount: Int
    var finalReturns: [Float] = []
    /// Every seat's role per episode, episode-major (``TurnBatch/seatRoles``).
    var seatRoles: [Int32] = []
    var rewards: [Float] = []
    var values: [Float] = []

    var offsets: [Int32] {
        var offsets: [Int32] = [0]
        for length in lengths { offsets.append((offsets.last ?? 0) + length) }
        return offsets
    }

    func withTurnBatch<R>(offsets useOffsets: Bool = false, _ body: (TurnBatch) throws -> R) rethrows -> R {
        try TurnBatch.withArrays(
            seats: seats, roles: roles, episodes: useOffsets ? .offsets(offsets) : .lengths(lengths),
            seatCount: seatCount, finalReturns: finalReturns, seatRoles: seatRoles.isEmpty ? nil : seatRoles, body)
    }

    /// Appends another batch's episodes after this one's.
    mutating func append(_ other: BatchColumns) {
        seats += other.seats
        roles += other.roles
        lengths += other.lengths
        finalReturns += other.finalReturns
        seatRoles += other.seatRoles
        rewards += other.rewards
        values += other.values
    }

    func withStepBatch<R>(offsets useOffsets: Bool = false, _ body: (StepBatch) throws -> R) rethrows -> R {
        try StepBatch.withArrays(
            seats: seats, episodes: useOffsets ? .offsets(offsets) : .lengths(lengths),
            seatCount: seatCount, rewards: rewards, values: values, body)
    }

    /// How seats take turns in a random batch.
    enum SeatOrder {
        /// Half the episodes in cyclic order from a random first seat, half in random order.
        case mixed
        /// Every episode in cyclic order, `(s + 1) % seatCount`, from a random first seat.
        case cyclic
    }

    /// A random batch with mixed episode lengths, seat orders and roles, including the awkward
    /// cases: empty episodes, seats that never act, several seats sharing a role, chains
    /// longer than a BLAS row, and returns that are exactly 0.
    static func random(
        episodes: Int, lengths: ClosedRange<Int>, seatCount: Int, roleCount: Int, seed: UInt64,
        seatOrder: SeatOrder = .mixed
    ) -> BatchColumns {
        var rng = EpisodeRNG(seed: seed)  // the suite's seeded generator
        var columns = BatchColumns(seatCount: seatCount, roleCount: roleCount)
        for _ in 0..<episodes {
            let length = Int.random(in: lengths, using: &rng)
            let roleOfSeat = (0..<seatCount).map { _ in Int32.random(in: 0..<Int32(roleCount), using: &rng) }
            let firstSeat = Int.random(in: 0..<seatCount, using: &rng)
            let alternating = seatOrder == .cyclic || Bool.random(using: &rng)
            for turn in 0..<length {
                let seat =
                    alternating
                    ? (firstSeat + turn) % seatCount
                    : Int.random(in: 0..<seatCount, using: &rng)
                columns.seats.append(Int32(seat))
                columns.roles.append(roleOfSeat[seat])
                columns.rewards.append(Float.random(in: -1...1, using: &rng))
                columns.values.append(Float.random(in: -1...1, using: &rng))
            }
            columns.lengths.append(Int32(length))
            columns.seatRoles += roleOfSeat
            for _ in 0..<seatCount {
                let outcome = [-1.5, -1, 0, 0.5, 1, Float.random(in: -2...2, using: &rng)]
                columns.finalReturns.append(outcome.randomElement(using: &rng) ?? 0)
            }
        }
        return columns
    }
}

/// The largest absolute difference between two equally long arrays; infinite where either
/// holds a NaN (`max` would skip it, and an unwritten NaN output would pass).
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "arrays differ in length: \(a.count) vs \(b.count)")
    return zip(a, b).reduce(0) { largest, pair in
        let difference = abs(pair.0 - pair.1)
        return difference.isNaN ? .infinity : max(largest, difference)
    }
}
