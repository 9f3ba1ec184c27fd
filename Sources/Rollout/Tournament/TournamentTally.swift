/// Tournament bookkeeping, kept apart from the generic playing loop so that it is compiled
/// once, not once per game.
@usableFromInline
struct TournamentTally {
    let seatCount: Int
    let roleCount: Int
    @usableFromInline let total: Int
    @usableFromInline private(set) var done = 0
    private var pairings: [Tournament.Pairing] = []
    private var current = Tournament.Pairing(a: 0, b: 0)
    private var scores: [Double] = []
    /// Indexed by `policy * roleCount + role` (a dictionary here cost a third of a Kuhn tournament).
    private var roles: [Tournament.RoleRecord]

    @usableFromInline
    init(seatCount: Int, policyCount: Int, roleCount: Int, total: Int) {
        self.seatCount = seatCount
        self.roleCount = roleCount
        self.total = total
        roles = (0..<(policyCount * roleCount)).map { Tournament.RoleRecord(policy: $0 / roleCount, role: $0 % roleCount) }
    }

    @usableFromInline
    mutating func beginPairing(_ a: Int, _ b: Int) {
        current = Tournament.Pairing(a: a, b: b)
        scores.removeAll()
    }

    /// Scores a batch: each side's mean return over the seats it played, and per-role records.
    @usableFromInline
    mutating func add(_ results: EpisodeResults) {
        let (a, b) = (current.a, current.b)
        let assignment = SeatAssignment.alternating(a, b)
        for index in 0..<results.count {
            let episode = results.firstEpisode + index
            var sum = (a: 0.0, b: 0.0)
            var seats = (a: 0, b: 0)
            for seat in 0..<seatCount {
                let value = results.returnOf(episode: index, seat: seat)
                let role = results.roleOf(episode: index, seat: seat)
                let policy = assignment.policy(episode: episode, seat: seat, role: role)
                // In self-play (a == b) side A is the copy on the seats `alternating` gives `first`.
                if (episode + seat) % 2 == 0 {
                    sum.a += value
                    seats.a += 1
                } else {
                    sum.b += value
                    seats.b += 1
                }
                let key = policy * roleCount + role
                roles[key].seatsPlayed += 1
                roles[key].totalReturn += value
                if value > 0 { roles[key].wins += 1 } else if value < 0 { roles[key].losses += 1 } else { roles[key].draws += 1 }
            }
            let scoreA = seats.a > 0 ? sum.a / Double(seats.a) : 0
            let scoreB = seats.b > 0 ? sum.b / Double(seats.b) : 0
            if scoreA > scoreB { current.wins += 1 } else if scoreA < scoreB { current.losses += 1 } else { current.draws += 1 }
            scores.append(scoreA)
        }
        done += results.count
    }

    @usableFromInline
    mutating func endPairing() {
        let count = Double(max(scores.count, 1))
        let mean = scores.reduce(0, +) / count
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(scores.count - 1, 1))
        current.episodes = scores.count
        current.meanReturn = mean
        current.meanReturnInterval = 1.96 * (variance / count).squareRoot()
        pairings.append(current)
    }

    @usableFromInline
    func result(game: String, policies: [String], roleNames: [String], seed: UInt64, episodesPerPairing: Int) -> Tournament.Result {
        let fitted = BradleyTerry.ratingsWithIntervals(
            players: policies.count,
            pairs: pairings.filter { $0.a != $0.b }.map { ($0.a, $0.b, $0.wins, $0.draws, $0.losses) },
            seed: seed)
        let ratings = (0..<policies.count).map { Tournament.Rating(policy: $0, elo: fitted.ratings[$0], low: fitted.low[$0], high: fitted.high[$0]) }
        return Tournament.Result(
            game: game, policies: policies, episodesPerPairing: episodesPerPairing, seed: seed,
            pairings: pairings, ratings: ratings, roleNames: roleNames,
            roles: roles.filter { $0.seatsPlayed > 0 })
    }
}
