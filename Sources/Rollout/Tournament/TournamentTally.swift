/// Tournament bookkeeping, kept apart from the generic playing loop so that it is compiled
/// once, not once per game.
///
/// Each episode gives the first policy of a pairing (side A) a score in [0, 1]. Team games
/// score the team result (1 win, 0.5 draw, 0 loss). Other games score the margin:
/// 0.5 + (A's mean return - B's) / (2 (max - min)), so TicTacToe's win/draw/loss is
/// 1/0.5/0, and Kuhn Poker's chips count (a policy that wins small pots often and loses big
/// ones rates below one that wins the chips). Ratings are fitted to these scores.
@usableFromInline
struct TournamentTally {
    let seatCount: Int
    let roleCount: Int
    let teamOfRole: [Int]?
    let teamCount: Int
    let returnSpan: Double
    @usableFromInline let total: Int
    @usableFromInline private(set) var done = 0
    private var pairings: [Tournament.Pairing] = []
    private var scoresByPairing: [[Double]] = []
    private var current = Tournament.Pairing(a: 0, b: 0)
    private var returnsOfA: [Double] = []
    private var scores: [Double] = []
    private var payoffSum = 0.0
    private let utility: (min: Double, max: Double)
    private var returnsAreMargins = false
    /// Indexed by `policy * roleCount + role` (a dictionary here cost a third of a Kuhn tournament).
    private var roles: [Tournament.RoleRecord]
    /// Indexed by `policy * teamCount + team`.
    private var teams: [Tournament.RoleRecord]

    @usableFromInline
    init(seatCount: Int, policyCount: Int, roleCount: Int, teamOfRole: [Int]?, utility: (min: Double, max: Double), total: Int) {
        self.seatCount = seatCount
        self.roleCount = roleCount
        self.teamOfRole = teamOfRole
        teamCount = (teamOfRole?.max() ?? -1) + 1
        returnSpan = Swift.max(utility.max - utility.min, 1e-12)
        self.utility = utility
        self.total = total
        roles = (0..<(policyCount * roleCount)).map { Tournament.RoleRecord(policy: $0 / roleCount, role: $0 % roleCount) }
        let teamCount = self.teamCount
        teams = (0..<(policyCount * teamCount)).map { Tournament.RoleRecord(policy: $0 / teamCount, role: $0 % teamCount) }
    }

    /// Whether side A (the pairing's first policy) plays `seat` (holding `role`) in `episode`:
    /// alternating seats, or, in team games, alternating teams.
    @usableFromInline
    static func isSideA(episode: Int, seat: Int, role: Int, teamOfRole: [Int]?) -> Bool {
        if let teamOfRole { return teamOfRole[role] == episode % 2 }
        return (episode + seat) % 2 == 0
    }

    @usableFromInline
    mutating func beginPairing(_ a: Int, _ b: Int) {
        current = Tournament.Pairing(a: a, b: b)
        scores.removeAll()
        returnsOfA.removeAll()
        payoffSum = 0
    }

    @usableFromInline
    mutating func add(_ results: EpisodeResults) {
        for index in 0..<results.count {
            let episode = results.firstEpisode + index
            var sum = (a: 0.0, b: 0.0)
            var seats = (a: 0, b: 0)
            var teamSums = [Double](repeating: 0, count: teamCount)
            var teamPolicy = [Int](repeating: 0, count: teamCount)
            for seat in 0..<seatCount {
                let value = results.returnOf(episode: index, seat: seat)
                let role = results.roleOf(episode: index, seat: seat)
                if value != 0, value != utility.min, value != utility.max { returnsAreMargins = true }
                let sideA = Self.isSideA(episode: episode, seat: seat, role: role, teamOfRole: teamOfRole)
                let policy = sideA ? current.a : current.b
                if sideA {
                    sum.a += value
                    seats.a += 1
                } else {
                    sum.b += value
                    seats.b += 1
                }
                Self.count(value, in: &roles[policy * roleCount + role])
                if let teamOfRole {
                    teamSums[teamOfRole[role]] += value
                    teamPolicy[teamOfRole[role]] = policy
                }
            }
            for team in 0..<teamCount where teamOfRole != nil {
                Self.count(teamSums[team], in: &teams[teamPolicy[team] * teamCount + team])
            }
            let score: Double
            let reported: Double
            if teamOfRole != nil {
                score = sum.a > 0 ? 1 : (sum.a < 0 ? 0 : 0.5)
                reported = sum.a
                payoffSum += (sum.a - sum.b) / 2
            } else {
                let meanA = seats.a > 0 ? sum.a / Double(seats.a) : 0
                let meanB = seats.b > 0 ? sum.b / Double(seats.b) : 0
                score = Swift.min(1, Swift.max(0, 0.5 + (meanA - meanB) / (2 * returnSpan)))
                reported = meanA
                payoffSum += (meanA - meanB) / 2
            }
            if score > 0.5 { current.wins += 1 } else if score < 0.5 { current.losses += 1 } else { current.draws += 1 }
            scores.append(score)
            returnsOfA.append(reported)
        }
        done += results.count
    }

    private static func count(_ value: Double, in record: inout Tournament.RoleRecord) {
        record.seatsPlayed += 1
        record.totalReturn += value
        if value > 0 { record.wins += 1 } else if value < 0 { record.losses += 1 } else { record.draws += 1 }
    }

    @usableFromInline
    mutating func endPairing() {
        let count = Double(Swift.max(returnsOfA.count, 1))
        let mean = returnsOfA.reduce(0, +) / count
        let variance = returnsOfA.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(returnsOfA.count - 1, 1))
        current.episodes = returnsOfA.count
        current.meanReturn = mean
        current.meanReturnInterval = 1.96 * (variance / count).squareRoot()
        current.meanScore = scores.reduce(0, +) / count
        current.metaGamePayoff = payoffSum / count
        pairings.append(current)
        scoresByPairing.append(scores)
    }

    @usableFromInline
    func result(game: String, policies: [String], roleNames: [String], teamNames: [String], seed: UInt64, episodesPerPairing: Int)
        -> Tournament.Result
    {
        let rated = zip(pairings, scoresByPairing).filter { $0.0.a != $0.0.b }.map { (a: $0.0.a, b: $0.0.b, scores: $0.1) }
        let fitted = BradleyTerry.ratingsWithIntervals(players: policies.count, pairs: rated, seed: seed)
        let ratings = (0..<policies.count).map { Tournament.Rating(policy: $0, elo: fitted.ratings[$0], low: fitted.low[$0], high: fitted.high[$0]) }
        let nash = NashAveraging(policyCount: policies.count, results: pairings.map { (a: $0.a, b: $0.b, payoff: $0.metaGamePayoff) })
        return Tournament.Result(
            game: game, policies: policies, episodesPerPairing: episodesPerPairing, seed: seed,
            pairings: pairings, ratings: ratings, nash: nash, returnsAreMargins: returnsAreMargins && teamOfRole == nil, roleNames: roleNames,
            roles: roles.filter { $0.seatsPlayed > 0 }, teamNames: teamNames, teams: teams.filter { $0.seatsPlayed > 0 })
    }
}
