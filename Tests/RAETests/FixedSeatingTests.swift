import Games
import RAE
import Testing

/// Two-seat batches where each seat keeps its role, game after game: the BLAS path keeps both
/// seats' baselines (per game) or sums (per batch) in registers for such tiles, and goes back
/// to its tables for a tile where one game breaks the pattern. Both must equal the reference.
@Suite("SPIRAL's estimator when two seats keep their roles")
struct FixedSeatingTests {
    /// What breaks the pattern in one game of the batch's middle tile.
    enum Spoiler: CaseIterable, CustomTestStringConvertible {
        case none
        /// The two seats swap roles for one game.
        case swappedRoles
        /// The second seat never acts (role -1 in the BLAS path's table): in a game of two turns
        /// in the middle tile, and in a game of one turn in the first.
        case seatNeverActs
        /// Both seats have the same role in one game.
        case sharedRole
        /// In one game the first seat acts twice before the second acts (both keep their
        /// roles): the tile's roles of entries then come from its turns, not from its first
        /// game's pair.
        case seatOpensTwice
        var testDescription: String { "\(self)" }
    }

    /// Kuhn-shaped games (2 or 3 turns, seats alternating from seat 0), seat 0 with role 1 and
    /// seat 1 with role 0 (the pattern need not be the identity), about three BLAS tiles.
    static func batch(spoiler: Spoiler, seed: UInt64) -> BatchColumns {
        var rng = EpisodeRNG(seed: seed)
        var columns = BatchColumns(seatCount: 2, roleCount: 2)
        let games = 9_000
        for game in 0..<games {
            var length = Int.random(in: 2...3, using: &rng)
            var roleOfSeat: [Int32] = [1, 0]
            if game == games / 2 {
                switch spoiler {
                case .none: break
                case .swappedRoles: roleOfSeat = [0, 1]
                case .seatNeverActs: length = 2
                case .sharedRole: roleOfSeat = [1, 1]
                case .seatOpensTwice: length = 3
                }
            }
            var seats = (0..<length).map { $0 % 2 }
            if spoiler == .seatOpensTwice && game == games / 2 { seats = [0, 0, 1] }
            if spoiler == .seatNeverActs && game == games / 2 { seats = [0, 0] }
            if spoiler == .seatNeverActs && game == 1_000 { seats = [0] }
            for seat in seats {
                columns.seats.append(Int32(seat))
                columns.roles.append(roleOfSeat[seat])
            }
            columns.lengths.append(Int32(seats.count))
            columns.seatRoles += roleOfSeat
            let outcome = [-2, -1, 1, 2].randomElement(using: &rng) ?? 0
            columns.finalReturns += [Float(outcome), Float(-outcome)]
        }
        return columns
    }

    @Test("BLAS equals the reference within 1e-5, over batches that carry the baselines on", arguments: Spoiler.allCases)
    func equalsReference(spoiler: Spoiler) throws {
        for (kind, players) in [(BaselineKind.perRole, PlayerRule.everySeat), (.perRole, .actingSeats), (.global, .everySeat)] {
            for (update, gamma) in [(BaselineUpdate.perGame, Float(1)), (.perGame, 0.9), (.perBatch, 1), (.perBatch, 0.9)] {
                let setting = RAEConfiguration(baseline: kind, update: update, gamma: gamma, players: players)
                var blas = try RoleAdvantageEstimator(roleCount: 2, configuration: setting)
                var reference = blas
                reference.configuration.backend = .reference
                for round in UInt64(0)..<2 {
                    let columns = Self.batch(spoiler: spoiler, seed: round)
                    let fast = try columns.withTurnBatch { try blas.estimate($0) }
                    let slow = try columns.withTurnBatch { try reference.estimate($0) }
                    #expect(maxDifference(fast.advantages, slow.advantages) <= 1e-5, "\(kind), \(update), gamma \(gamma), round \(round)")
                    #expect(maxDifference(blas.baselines.values, reference.baselines.values) <= 1e-5, "\(kind), \(update), gamma \(gamma)")
                }
                // Per role, the baselines moved; with every game zero-sum between the two
                // roles, they are exact opposites. (A global baseline stays at 0.)
                if kind == .perRole {
                    #expect(blas.baselines.values.allSatisfy { $0 != 0 })
                    if spoiler == .none || spoiler == .swappedRoles || spoiler == .seatOpensTwice {
                        #expect(blas.baselines.values[0] == -blas.baselines.values[1])
                    }
                }
            }
        }
    }
}
