/// Tournament bookkeeping, kept apart from the generic playing loop so that it is compiled
/// once, not once per game.
@usableFromInline
struct TournamentTally {
    let seatCount: Int
    @usableFromInline let total: Int
    @usableFromInline private(set) var done = 0
    private var pairings: [Tournament.Pairing] = []
    private var current = Tournament.Pairing(a: 0, b: 0)
    private var scores: [Double] = []
    private var roles: [RoleKey: Tournament.RoleRecord] = [:]

    private struct RoleKey: Hashable {
        var policy: Int
        var role: Int
    }

    @usableFromInline
    init(seatCount: Int, total: Int) {
        self.seatCount = seatCount
        self.total = total
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
                let key = RoleKey(policy: policy, role: role)
                var record = roles[key] ?? Tournament.RoleRecord(policy: policy, role: role)
                record.seatsPlayed += 1
                record.totalReturn += value
                if value > 0 { record.wins += 1 } else if value < 0 { record.losses += 1 } else { record.draws += 1 }
                roles[key] = record
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
            roles: roles.values.sorted { ($0.policy, $0.role) < ($1.policy, $1.role) })
    }
}
