import Games
import RAE

/// Synthetic finished games shaped like the real games' episodes, for `games bench rae`.
///
/// `benchmarks/rae_numpy.py` builds batches from the same description (its `make_batch`),
/// so the two sides time the same work per transition.
struct RAEBenchProfile: Sendable {
    let name: String
    let lengths: ClosedRange<Int>
    let seatCount: Int
    let roleCount: Int

    static let all = [
        // Kuhn: 2 or 3 actions per hand; roles: first and second to act.
        RAEBenchProfile(name: "kuhn", lengths: 2...3, seatCount: 2, roleCount: 2),
        // TicTacToe: 5 to 9 moves; roles X and O.
        RAEBenchProfile(name: "tictactoe", lengths: 5...9, seatCount: 2, roleCount: 2),
        // Werewolf, 8 players: 40 to 80 turns of talk and votes; roles werewolf, seer,
        // doctor, villager, several seats sharing one.
        RAEBenchProfile(name: "werewolf", lengths: 40...80, seatCount: 8, roleCount: 4),
    ]

    /// Columns of about `transitions` turns, seats in turn order, roles and zero-sum returns.
    func makeColumns(transitions: Int, seed: UInt64) -> RAEBenchColumns {
        var rng = EpisodeRNG(seed: seed)  // the suite's seeded generator: every run times the same batches
        let meanLength = Double(lengths.lowerBound + lengths.upperBound) / 2
        let episodes = max(1, Int(Double(transitions) / meanLength))
        var columns = RAEBenchColumns(seatCount: seatCount)
        columns.seats.reserveCapacity(transitions + lengths.upperBound)
        columns.roles.reserveCapacity(transitions + lengths.upperBound)
        let werewolfRoles: [Int32] = [0, 0, 1, 2, 3, 3, 3, 3]
        for _ in 0..<episodes {
            let length = Int.random(in: lengths, using: &rng)
            let roleOfSeat =
                seatCount == 8
                ? werewolfRoles.shuffled(using: &rng) : (0..<Int32(seatCount)).map { $0 }
            for turn in 0..<length {
                let seat = turn % seatCount
                columns.seats.append(Int32(seat))
                columns.roles.append(roleOfSeat[seat])
                columns.rewards.append(Float.random(in: -1...1, using: &rng))
                columns.values.append(Float.random(in: -1...1, using: &rng))
            }
            columns.lengths.append(Int32(length))
            columns.seatRoles += roleOfSeat
            if seatCount == 8 {
                let wolvesWin: Float = Bool.random(using: &rng) ? 1 : -1
                columns.finalReturns += roleOfSeat.map { $0 == 0 ? wolvesWin : -wolvesWin }
            } else {
                let outcome = [-2, -1, 0, 1, 2].randomElement(using: &rng) ?? 0
                columns.finalReturns += [Float(outcome), Float(-outcome)]
            }
        }
        return columns
    }
}

/// A benchmark batch held in arrays.
struct RAEBenchColumns {
    let seatCount: Int
    var seats: [Int32] = []
    var roles: [Int32] = []
    var lengths: [Int32] = []
    var finalReturns: [Float] = []
    /// Every seat's role per episode, as the server's trajectory collector gives them to RAE.
    var seatRoles: [Int32] = []
    var rewards: [Float] = []
    var values: [Float] = []

    init(seatCount: Int) { self.seatCount = seatCount }

    var turnCount: Int { seats.count }
}
