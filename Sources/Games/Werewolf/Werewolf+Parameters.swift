// Parameters, presets, and the checks that make a set of role counts playable.
//
// A preset fills in the parameters left at -1 (players, role counts, discussion rounds);
// explicit values override it. The stored parameters are canonical: an explicit value equal
// to what the preset would give is written back as -1, so `werewolf(players=7)` and
// `werewolf` are the same game with the same game string.

extension Werewolf {
    /// A named starting setup.
    public enum Preset: String, CaseIterable, Hashable, Sendable {
        /// Xu et al. (2023): 7 players, 2 werewolves, seer, doctor, villagers; one discussion round.
        case classic
        /// Werewolf Arena (google/werewolf_arena): 8 players, 2 werewolves, seer, doctor, villagers.
        case werewolfArena = "werewolf_arena"
        /// TextArena SecretMafia-v0: werewolves = round-half-even(0.25 x players), a seer
        /// (detective) and a doctor; three discussion rounds.
        case secretMafia = "secret_mafia"

        /// The number of players when `players` is not given.
        public var players: Int {
            switch self {
            case .classic, .secretMafia: return 7
            case .werewolfArena: return 8
            }
        }

        /// The number of werewolves for `players` players when `werewolves` is not given.
        public func werewolves(players: Int) -> Int {
            switch self {
            case .classic, .werewolfArena: return 2
            case .secretMafia: return Int((0.25 * Double(players)).rounded(.toNearestOrEven))
            }
        }

        /// Discussion rounds per day when `discussion_rounds` is not given.
        public var discussionRounds: Int { self == .secretMafia ? 3 : 1 }
    }

    /// What happens when the werewolves' night vote is tied.
    public enum NightTieRule: String, CaseIterable, Hashable, Sendable {
        /// The tied target with the lowest seat is attacked.
        case lowestSeat = "lowest_seat"
        /// A chance node picks one of the tied targets uniformly.
        case random
    }

    /// What happens when the day vote is tied.
    public enum DayTieRule: String, CaseIterable, Hashable, Sendable {
        /// Nobody is eliminated.
        case noElimination = "no_elimination"
        /// A chance node picks one of the tied players uniformly.
        case random
    }

    static let parameterSpecs: [ParameterSpec] = [
        ParameterSpec(
            "preset", default: .string(Preset.classic.rawValue),
            help:
                "starting setup: classic (7 players: 2 werewolves, seer, doctor, 3 villagers), werewolf_arena (8 players: 2 werewolves, seer, doctor, 4 villagers), secret_mafia (werewolves = round-half-even(players/4), 3 discussion rounds)"
        ),
        ParameterSpec("players", default: .int(-1), help: "number of players, 5 to 15; -1 = the preset's (7, or 8 for werewolf_arena)"),
        ParameterSpec("werewolves", default: .int(-1), help: "number of werewolves, at least 1 and fewer than the other players; -1 = the preset's"),
        ParameterSpec("seers", default: .int(-1), help: "number of seers, 0 or more; -1 = the preset's (1)"),
        ParameterSpec("doctors", default: .int(-1), help: "number of doctors, 0 or more; -1 = the preset's (1); the other players are villagers"),
        ParameterSpec(
            "discussion_rounds", default: .int(-1),
            help: "rounds of speech per day, 0 to 5 (each living player speaks once a round); -1 = the preset's (1, or 3 for secret_mafia)"),
        ParameterSpec(
            "night_tie", default: .string(NightTieRule.lowestSeat.rawValue),
            help: "tied werewolf vote: lowest_seat (the lowest tied seat is attacked) or random (a chance node)"),
        ParameterSpec(
            "day_tie", default: .string(DayTieRule.noElimination.rawValue),
            help: "tied day vote: no_elimination or random (a chance node among the tied)"),
        ParameterSpec("reveal_roles", default: .bool(false), help: "announce the role of each player who dies"),
        ParameterSpec("self_protect", default: .bool(true), help: "whether a doctor may protect themselves"),
        ParameterSpec("max_days", default: .int(10), help: "day limit, 1 to 50: a game undecided after this day's vote is a draw"),
        ParameterSpec("message_limit", default: .int(1000), help: "longest free-text message in characters, 0 to 100000; longer replies are invalid"),
    ]

    /// The rules a parameter set resolves to, after presets and checks.
    struct Setup: Hashable, Sendable {
        var parameters: GameParameters
        var preset: Preset
        var players: Int
        var werewolves: Int
        var seers: Int
        var doctors: Int
        var discussionRounds: Int
        var nightTie: NightTieRule
        var dayTie: DayTieRule
        var revealRoles: Bool
        var selfProtect: Bool
        var maxDays: Int
        var messageLimit: Int

        /// Resolves the preset, checks every value, and makes the parameters canonical.
        ///
        /// - Throws: `GameError.badParameter` naming the parameter and what it accepts.
        init(_ given: GameParameters) throws(GameError) {
            func bad(_ parameter: String, _ reason: String) -> GameError {
                .badParameter(game: Werewolf.info.name, parameter: parameter, reason: reason)
            }
            func choice<Rule: RawRepresentable & CaseIterable>(_ name: String, as _: Rule.Type) throws(GameError) -> Rule
            where Rule.RawValue == String {
                let text = given.string(name)
                guard let rule = Rule(rawValue: text) else {
                    let accepted = Rule.allCases.map(\.rawValue).joined(separator: ", ")
                    throw bad(name, "must be one of \(accepted), got '\(text)'")
                }
                return rule
            }
            /// An explicit count (not -1) must be at least `minimum`.
            func count(_ name: String, minimum: Int, range: String) throws(GameError) -> Int? {
                let value = given.int(name)
                if value == -1 { return nil }
                guard value >= minimum else { throw bad(name, "must be \(range) (or -1 for the preset's), got \(value)") }
                return value
            }

            preset = try choice("preset", as: Preset.self)
            nightTie = try choice("night_tie", as: NightTieRule.self)
            dayTie = try choice("day_tie", as: DayTieRule.self)
            revealRoles = given.bool("reveal_roles")
            selfProtect = given.bool("self_protect")
            maxDays = given.int("max_days")
            messageLimit = given.int("message_limit")
            guard (1...50).contains(maxDays) else { throw bad("max_days", "must be 1 to 50, got \(maxDays)") }
            guard (0...100_000).contains(messageLimit) else {
                throw bad("message_limit", "must be 0 to 100000 characters, got \(messageLimit)")
            }

            let explicitPlayers = try count("players", minimum: 5, range: "5 to 15")
            players = explicitPlayers ?? preset.players
            guard players <= 15 else { throw bad("players", "must be 5 to 15 (or -1 for the preset's), got \(players)") }
            let explicitWerewolves = try count("werewolves", minimum: 1, range: "at least 1")
            werewolves = explicitWerewolves ?? preset.werewolves(players: players)
            let explicitSeers = try count("seers", minimum: 0, range: "0 or more")
            seers = explicitSeers ?? 1
            let explicitDoctors = try count("doctors", minimum: 0, range: "0 or more")
            doctors = explicitDoctors ?? 1
            let explicitRounds = try count("discussion_rounds", minimum: 0, range: "0 to 5")
            discussionRounds = explicitRounds ?? preset.discussionRounds
            guard discussionRounds <= 5 else {
                throw bad("discussion_rounds", "must be 0 to 5 (or -1 for the preset's), got \(discussionRounds)")
            }

            guard 2 * werewolves < players else {
                throw bad(
                    "werewolves",
                    "must be fewer than the other players (\(werewolves) werewolves among \(players) players would win at once); at most \((players - 1) / 2)"
                )
            }
            guard werewolves + seers + doctors <= players else {
                throw bad(
                    "players",
                    "\(players) players cannot hold \(werewolves) werewolves, \(seers) seers and \(doctors) doctors; lower the role counts or raise players"
                )
            }

            // Canonical form: explicit values equal to the preset's are written back as -1.
            var canonical = given
            func reset(_ name: String, if explicit: Int?, equals presetValue: Int) throws(GameError) {
                if explicit == presetValue { try canonical.set(name, to: .int(-1)) }
            }
            try reset("players", if: explicitPlayers, equals: preset.players)
            try reset("werewolves", if: explicitWerewolves, equals: preset.werewolves(players: players))
            try reset("seers", if: explicitSeers, equals: 1)
            try reset("doctors", if: explicitDoctors, equals: 1)
            try reset("discussion_rounds", if: explicitRounds, equals: preset.discussionRounds)
            parameters = canonical
        }
    }
}
