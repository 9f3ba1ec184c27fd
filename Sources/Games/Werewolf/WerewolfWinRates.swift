/// Win rates of the two Werewolf teams when each team is played by a given policy: the
/// numbers on the card, and the check that the heuristic plays better than chance.
public struct WerewolfWinRates: Hashable, Sendable, CustomStringConvertible {
    /// A policy that plays every seat of one team.
    public enum Policy: String, CaseIterable, Hashable, Sendable {
        /// Uniform over the legal actions.
        case random
        /// `WerewolfHeuristic`.
        case heuristic
    }

    /// The policy of the village seats (villagers, seers, doctors).
    public var village: Policy
    /// The policy of the werewolf seats.
    public var werewolves: Policy
    /// Episodes played.
    public var episodes = 0
    /// Games the village won.
    public var villageWins = 0
    /// Games the werewolves won.
    public var werewolfWins = 0
    /// Games that reached the day limit.
    public var draws = 0
    /// Days played, summed over the episodes (for the mean game length in days).
    public var days = 0

    /// The village's share of the episodes.
    public var villageRate: Double { episodes == 0 ? 0 : Double(villageWins) / Double(episodes) }
    /// The werewolves' share of the episodes.
    public var werewolfRate: Double { episodes == 0 ? 0 : Double(werewolfWins) / Double(episodes) }
    /// The share of draws.
    public var drawRate: Double { episodes == 0 ? 0 : Double(draws) / Double(episodes) }
    /// The mean number of nights a game lasted.
    public var meanDays: Double { episodes == 0 ? 0 : Double(days) / Double(episodes) }

    /// Plays `episodes` games of `game` and counts the outcomes.
    ///
    /// Episode `i` samples chance from `EpisodeRNG(seed: seed, episode: i)` and the policies
    /// from a second generator of the same episode, so the numbers are reproducible on any
    /// machine.
    ///
    /// - Parameters:
    ///   - village: who plays the village seats.
    ///   - werewolves: who plays the werewolf seats.
    /// - Returns: the counts.
    public static func measure(
        _ game: Werewolf, village: Policy, werewolves: Policy, episodes: Int, seed: UInt64
    ) -> WerewolfWinRates {
        var rates = WerewolfWinRates(village: village, werewolves: werewolves)
        let heuristic = WerewolfHeuristic()
        let legal = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        for episode in 0..<episodes {
            var chance = EpisodeRNG(seed: seed, episode: UInt64(episode))
            var choices = EpisodeRNG(seed: seed ^ Self.policyStream, episode: UInt64(episode))
            var state = game.initialState()
            loop: while true {
                switch game.currentPlayer(state) {
                case .terminal:
                    break loop
                case .chance:
                    game.chanceOutcomes(state, into: outcomes)
                    game.apply(chance.sample(outcomes), to: &state)
                case .seat(let seat):
                    // The engine, not the seat, knows the roles: it picks which policy plays it.
                    let team = game.role(ofSeat: seat, in: state)?.team ?? .village
                    let policy = team == .werewolves ? werewolves : village
                    if policy == .heuristic {
                        game.apply(heuristic.action(for: seat, in: state, game: game, rng: &choices), to: &state)
                    } else {
                        game.legalActions(state, into: legal)
                        game.apply(legal[choices.index(below: legal.count)], to: &state)
                    }
                }
            }
            rates.episodes += 1
            rates.days += game.day(of: state)
            switch state.result {
            case .villageWins?: rates.villageWins += 1
            case .werewolvesWin?: rates.werewolfWins += 1
            case .draw?, nil: rates.draws += 1
            }
        }
        return rates
    }

    /// Mixed into the run seed for the policies' generator, so their choices do not reuse
    /// the chance stream.
    static let policyStream: UInt64 = 0x9E37_79B9_7F4A_7C15

    public var description: String {
        func percent(_ rate: Double) -> String {
            let tenths = Int((rate * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        return "village \(village.rawValue) vs werewolves \(werewolves.rawValue): village \(percent(villageRate)), werewolves \(percent(werewolfRate)), draws \(percent(drawRate)) over \(episodes) games"
    }
}
