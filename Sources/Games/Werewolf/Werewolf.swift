/// Werewolf (Mafia): hidden roles, secret night actions, public discussion and votes, as in
/// Xu et al. (2023), Werewolf Arena and TextArena's SecretMafia. The rules, the action and
/// observation layouts and the reward scheme are on the card (`games show werewolf`).
///
/// The game has one acting seat per state, so the simultaneous parts are played in seat
/// order: at night every living player acts, whatever its role (the werewolves vote, each
/// seeing its teammates' earlier votes; the doctors protect; the seers inspect; the others
/// sleep), so that who acts betrays no role; by day every living player speaks once a
/// round, then votes in a secret ballot revealed when it closes.
///
/// Every seat view (tensor, information state, prompt) is computed from `knowledge(of:in:)`,
/// which holds only what that seat may know.
public struct Werewolf: Game {
    /// A position: the deal, who lives, the phase, and the game log every view is read from.
    public struct State: Hashable, Sendable {
        /// Role of each seat, 4 bits a seat, stored as role + 1 (0 = not dealt yet).
        var roles: UInt64 = 0
        /// Number of seats dealt.
        var dealt: UInt8 = 0
        /// The living seats.
        var alive = SeatSet()
        /// What kind of node this is.
        var phase = Phase.deal
        /// The acting seat in night, discussion and vote phases.
        var actor: Int8 = -1
        /// The current night and day number (night k comes before day k); 0 during the deal.
        var day: UInt8 = 0
        /// The discussion round (0-based).
        var round: UInt8 = 0
        /// Index in `log` where the current night or ballot began (what its tallies read).
        var phaseStart: Int32 = 0
        /// How the game ended, once it has.
        var outcome: Outcome?
        /// Everything that happened, in order; each entry has a fixed audience.
        var log: [Event] = []

        init() {}

        /// The game log (every entry, whatever its audience): for tools and tests, never for seat views.
        public var events: [Event] { log }
        /// Whether the game is over.
        public var isOver: Bool { phase == .over }
        /// How the game ended, once it has.
        public var result: Outcome? { outcome }
    }

    /// The kinds of node, in the order a day cycles through them.
    enum Phase: UInt8, Hashable, Sendable {
        case deal, night, nightTie, discussion, vote, dayTie, over
    }

    public static let info = GameInfo(
        name: "werewolf",
        longName: "Werewolf",
        summary: "Hidden-role team game: werewolves kill by night, the village talks and votes by day (speech acts or free text).",
        parameters: parameterSpecs,
        card: werewolfCard,
        version: 3
    )

    public let parameters: GameParameters
    let setup: Setup
    /// The tensor layout for this many players.
    let layout: ObservationLayout
    /// The rules paragraph every prompt starts with.
    let rules: Rules

    public init(parameters: GameParameters) throws(GameError) {
        setup = try Setup(parameters)
        self.parameters = setup.parameters
        layout = ObservationLayout(players: setup.players)
        rules = Rules(lines: Self.rulesLines(for: setup))
    }

    /// Text derived from the parameters; equal whenever the parameters are, so it takes no
    /// part in the game's equality.
    struct Rules: Hashable, Sendable {
        let lines: [String]
        static func == (lhs: Rules, rhs: Rules) -> Bool { true }
        func hash(into hasher: inout Hasher) {}
    }

    /// Number of players.
    public var players: Int { setup.players }
    /// Number of werewolves.
    public var werewolfCount: Int { setup.werewolves }
    /// Number of seers.
    public var seerCount: Int { setup.seers }
    /// Number of doctors.
    public var doctorCount: Int { setup.doctors }
    /// Number of plain villagers (the seats left after the other roles).
    public var villagerCount: Int { players - werewolfCount - seerCount - doctorCount }
    /// How many seats hold `role` in this game.
    public func count(of role: Role) -> Int {
        switch role {
        case .werewolf: return werewolfCount
        case .villager: return villagerCount
        case .seer: return seerCount
        case .doctor: return doctorCount
        }
    }
    /// Rounds of speech per day.
    public var discussionRounds: Int { setup.discussionRounds }
    /// The day limit: an undecided game is a draw after this day's vote.
    public var maxDays: Int { setup.maxDays }
    /// The longest free-text message the text face accepts, in characters.
    public var messageLimit: Int { setup.messageLimit }
    /// Whether a dead player's role is announced.
    public var revealsRoles: Bool { setup.revealRoles }
    /// Whether a doctor may protect themselves.
    public var allowsSelfProtection: Bool { setup.selfProtect }
    /// The rule for a tied werewolf vote.
    public var nightTieRule: NightTieRule { setup.nightTie }
    /// The rule for a tied day vote.
    public var dayTieRule: DayTieRule { setup.dayTie }
    /// The preset the parameters started from.
    public var preset: Preset { setup.preset }

    public var seatCount: Int { players }
    /// n target seats, abstain, 4 claims, n accusations, n defences, pass, sleep: 3n + 7.
    public var actionCount: Int { 3 * players + 7 }
    /// 4n^2 + 17n + 15 floats (see the card for the blocks).
    public var observationShape: [Int] { [layout.size] }
    public var roleNames: [String] { Role.allCases.map(\.name) }
    /// Each team's total is +1 or -1, split equally among its members (see the card).
    public var utility: Utility {
        let largest = 1 / Double(werewolfCount)  // the werewolves are the smaller team
        return Utility(kind: .zeroSum, min: -largest, max: largest)
    }
    /// The deal, then per day: a night turn per player, a tie-break, R rounds of speech, a
    /// vote per player, a tie-break.
    public var maxGameLength: Int { players + maxDays * ((2 + discussionRounds) * players + 2) }

    public func initialState() -> State { State() }

    public func currentPlayer(_ state: State) -> CurrentPlayer {
        switch state.phase {
        case .deal, .nightTie, .dayTie: return .chance
        case .night, .discussion, .vote: return .seat(Int(state.actor))
        case .over: return .terminal
        }
    }

    public func legalActions(_ state: State, into actions: ActionBuffer<Action>) {
        actions.removeAll()
        guard case .seat(let seat) = currentPlayer(state) else { return }
        legalActions(for: knowledge(of: seat, in: state), into: actions)
    }

    public func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Action>>) {
        outcomes.removeAll()
        switch state.phase {
        case .deal:
            // One seat at a time, each role with probability (its undealt count) / (undealt seats):
            // every assignment of the role counts to seats is equally likely.
            let undealt = Double(players - Int(state.dealt))
            for role in Role.allCases {
                let remaining = count(of: role) - dealtCount(of: role, in: state)
                if remaining > 0 { outcomes.append(ChanceOutcome(Action(.deal(role)), probability: Double(remaining) / undealt)) }
            }
        case .nightTie, .dayTie:
            let tied = leaders(ofBallotIn: state)
            let probability = 1 / Double(tied.count)
            for seat in tied { outcomes.append(ChanceOutcome(Action(.breakTie(seat)), probability: probability)) }
        case .night, .discussion, .vote, .over:
            return
        }
    }

    public func apply(_ action: Action, to state: inout State) {
        precondition(isPlayable(action, in: state), "\(action) is not legal here")
        switch action.kind {
        case .deal(let role): deal(role, in: &state)
        case .breakTie(let seat): breakTie(for: seat, in: &state)
        case .target(let seat): act(on: seat, in: &state)
        case .abstain: castVote(nil, in: &state)
        case .sleep: sleep(in: &state)
        case .speech(let act): speak(act, message: action.message, in: &state)
        }
    }

    /// Team rewards: the winning team's members share +1, the losing team's share -1; a draw is 0.
    public func returns(_ state: State, seat: Int) -> Double {
        guard let outcome = state.outcome, let winner = outcome.winner, let role = role(ofSeat: seat, in: state) else { return 0 }
        let team = role.team
        let size = team == .werewolves ? werewolfCount : players - werewolfCount
        return (team == winner ? 1 : -1) / Double(size)
    }

    public func actionIndex(_ action: Action) -> Int {
        let n = players
        switch action.kind {
        case .target(let seat): return seat
        case .abstain: return n
        case .speech(.claim(let role)): return n + 1 + role.rawValue
        case .speech(.accuse(let seat)): return n + 5 + seat
        case .speech(.defend(let seat)): return 2 * n + 5 + seat
        case .speech(.pass): return 3 * n + 5
        case .sleep: return 3 * n + 6
        // Chance outcomes have no tensor index; they are numbered like OpenSpiel's chance actions.
        case .deal(let role): return role.rawValue
        case .breakTie(let seat): return seat
        }
    }

    public func action(atIndex index: Int) -> Action? {
        let n = players
        switch index {
        case 0..<n: return .target(index)
        case n: return .abstain
        case (n + 1)..<(n + 5): return Role(rawValue: index - n - 1).map { .speech(.claim($0)) }
        case (n + 5)..<(2 * n + 5): return .speech(.accuse(index - n - 5))
        case (2 * n + 5)..<(3 * n + 5): return .speech(.defend(index - 2 * n - 5))
        case 3 * n + 5: return .pass()
        case 3 * n + 6: return .sleep
        default: return nil
        }
    }

    /// The seat's role; before the deal reaches it, `villager` (the role that knows nothing).
    public func role(of seat: Int, in state: State) -> Int {
        (role(ofSeat: seat, in: state) ?? .villager).rawValue
    }

    /// The role dealt to `seat`, or nil before the deal reaches it. Hidden information: seat
    /// views never read it except for their own seat.
    public func role(ofSeat seat: Int, in state: State) -> Role? {
        let stored = Int((state.roles >> (4 * UInt64(seat))) & 0xF)
        return stored == 0 ? nil : Role(rawValue: stored - 1)
    }
}

extension Werewolf {
    /// The current night and day number (night k comes before day k); 0 during the deal.
    public func day(of state: State) -> Int { Int(state.day) }
}
