/// Kuhn Poker as OpenSpiel's `kuhn_poker`, for 2 to 10 players, plus `rounds=K` matches of
/// K hands in the style of TextArena and SPIRAL (with correct chip accounting), and the
/// `spiral_v1` preset, which plays TextArena/SPIRAL's KuhnPoker-v1 rules instead.
///
/// One hand: a deck of n+1 cards; chance deals one card to each seat in seat order; everyone
/// antes 1. Seats then act in turn with 0 = pass and 1 = bet (bet adds 1 chip). Without a bet
/// the hand ends after n passes and the highest card wins the pot. After the first bet, every
/// other seat answers once (pass = fold, bet = call) and the highest card among the bettors
/// wins. The winner gets the pot minus its own chips, the others lose what they put in.
///
/// A match (`rounds` > 1, two players) plays `rounds` hands; the opener alternates (hand h is
/// opened by seat h mod 2); chips move with every pot; after the last hand the chip leader
/// gets +1 and the other -1 (0 and 0 on a tie).
///
/// The `spiral_v1` preset (two players, 5 hands unless `rounds` says otherwise) follows
/// SPIRAL's `KuhnPokerEnv` (`spiral/envs/KuhnPoker/env.py`, a copy of TextArena's): the pot is
/// the two antes whatever is bet, so every hand moves 1 chip; seat 1 opens the first hand;
/// the winner of the last hand gets +1 and the other -1, whatever the chips.
public struct KuhnPoker: Game {
    /// OpenSpiel's encoding: 0 = pass (check/fold), 1 = bet (bet/call); chance outcomes are card numbers.
    public typealias Action = Int

    /// Pass: check when no bet is pending, fold when facing one.
    public static let pass = 0
    /// Bet: bet when no bet is pending, call when facing one.
    public static let bet = 1

    /// A position: the current hand, and the chips and hands of the match so far.
    public struct State: Hashable, Sendable {
        /// Card of each seat in the current hand, 4 bits a seat, stored as card + 1 (0 = not dealt).
        @usableFromInline var cards: UInt64 = 0
        /// Number of seats dealt in the current hand.
        @usableFromInline var dealt: UInt8 = 0
        /// Bit t is set when betting action t of the current hand was a bet.
        @usableFromInline var bets: UInt32 = 0
        /// Number of betting actions in the current hand.
        @usableFromInline var betCount: UInt8 = 0
        /// Index of the current hand in the match.
        @usableFromInline var hand: UInt8 = 0
        /// Seat 0's net chips over the finished hands of a match (seat 1 has the negation).
        @usableFromInline var chips: Int32 = 0
        /// Set when the last hand is over.
        @usableFromInline var isOver = false
        /// The seat that won the last finished hand (computed once, read by `returns`).
        @usableFromInline var handWinner: Int8 = -1
        /// The seats that bet or called in the last finished hand, bit s for seat s (computed
        /// once with the winner, so that `returns` is a few bit operations).
        @usableFromInline var handBettors: UInt16 = 0
        /// The chips in the last finished hand's pot (computed once with the winner: a seat's
        /// return then picks it or 0, with no count of the bettors per seat).
        @usableFromInline var handPot: UInt8 = 0
        /// The cards dealt in the current hand, bit c for card c: `cards` in another form, kept
        /// so that a deal's draw and its legality check need no walk over the seats.
        @usableFromInline var dealtMask: UInt16 = 0
        /// The finished hands of a match; nil for a single hand, so that such a state holds no
        /// reference and ending an episode has nothing to free.
        @usableFromInline var finishedHands: [PastHand]?

        @inlinable init() {}

        /// The finished hands of a match (empty for a single hand).
        @inlinable var pastHands: [PastHand] { finishedHands ?? [] }
    }

    /// A finished hand of a match, kept because later information states and prompts show it.
    public struct PastHand: Hashable, Sendable {
        @usableFromInline var cards: UInt64
        @usableFromInline var bets: UInt32
        @usableFromInline var betCount: UInt8

        @inlinable init(cards: UInt64, bets: UInt32, betCount: UInt8) {
            self.cards = cards
            self.bets = bets
            self.betCount = betCount
        }
    }

    /// The rule sets the `preset` parameter names.
    public enum Preset: String, CaseIterable, Sendable {
        /// Kuhn Poker's rules: OpenSpiel's `kuhn_poker` for one hand; a match of several hands
        /// goes to the chip leader.
        case standard
        /// TextArena/SPIRAL's KuhnPoker-v1 (`spiral/envs/KuhnPoker/env.py` at spiral-rl/spiral
        /// a02d0ed): the pot stays at the two antes, seat 1 opens the first hand, and the
        /// winner of the last hand wins the match.
        case spiralV1 = "spiral_v1"

        /// The hands played when `rounds` is not given: one hand of Kuhn Poker, or the five
        /// hands SPIRAL registers KuhnPoker-v1 with (`max_rounds=5` in `spiral/envs/__init__.py`).
        public var defaultRounds: Int { self == .standard ? 1 : 5 }
    }

    public static let info = GameInfo(
        name: "kuhn_poker",
        longName: "Kuhn Poker",
        summary: "Poker with n+1 cards, one card each, one betting round (OpenSpiel rules; matches of K hands; SPIRAL's KuhnPoker-v1 as a preset).",
        parameters: [
            ParameterSpec(
                "preset", default: .string(Preset.standard.rawValue),
                help:
                    "the rules: standard (Kuhn Poker's) or spiral_v1 (TextArena/SPIRAL's KuhnPoker-v1: the pot stays 2, Player 1 opens, the last hand decides); other parameters override it"
            ),
            ParameterSpec("players", default: .int(2), help: "number of players, 2 to 10 (spiral_v1: 2)"),
            ParameterSpec(
                "rounds", default: .int(0),
                help:
                    "hands in a match, 1 to 255; 0: the preset's (1 for standard, 5 for spiral_v1); above 1 needs 2 players, and the chip leader wins +1/-1 (spiral_v1: the last hand's winner)"
            ),
        ],
        card: kuhnPokerCard,
        version: 2
    )

    public let parameters: GameParameters
    /// The rules this game follows.
    public let preset: Preset
    /// Number of players.
    public let players: Int
    /// Number of hands in the match (1 under the standard rules: OpenSpiel's single hand, returns in chips).
    public let rounds: Int
    /// The deal's draw table, held by the game so that dealing reads it without the check a
    /// global's lazy initialisation costs on every access.
    @usableFromInline let dealDraw = UniformDraw.shared

    public init(parameters: GameParameters) throws(GameError) {
        let name = Self.info.name
        let presetName = parameters.string("preset")
        guard let preset = Preset(rawValue: presetName) else {
            let names = Preset.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badParameter(game: name, parameter: "preset", reason: "must be one of \(names), got '\(presetName)'")
        }
        self.preset = preset
        players = parameters.int("players")
        let givenRounds = parameters.int("rounds")
        rounds = givenRounds == 0 ? preset.defaultRounds : givenRounds
        guard (2...10).contains(players) else {
            throw .badParameter(game: name, parameter: "players", reason: "must be 2 to 10, got \(players)")
        }
        guard preset == .standard || players == 2 else {
            throw .badParameter(
                game: name, parameter: "players", reason: "must be 2 with preset=\(presetName) (KuhnPoker-v1 is two-player), got \(players)")
        }
        guard (1...255).contains(rounds) else {
            throw .badParameter(game: name, parameter: "rounds", reason: "must be 1 to 255 (or 0 for the preset's), got \(givenRounds)")
        }
        guard rounds == 1 || players == 2 else {
            throw .badParameter(game: name, parameter: "rounds", reason: "above 1 needs players=2 (matches are two-player), got players=\(players)")
        }
        // `rounds` equal to the preset's is stored as 0, so that `kuhn_poker(rounds=1)` and
        // `kuhn_poker` (or `rounds=5` under spiral_v1) have one canonical game string: saved
        // policies, trajectories and baselines are keyed by it.
        var canonical = parameters
        if givenRounds == preset.defaultRounds { try canonical.set("rounds", to: .int(0)) }
        self.parameters = canonical
    }

    /// Whether the game is scored as a match (+1/-1, see the type's documentation) rather than
    /// in chips: several hands, or any number under `spiral_v1`, where even one hand scores
    /// +1/-1 (SPIRAL's `set_winners`).
    @inlinable public var isMatch: Bool { rounds > 1 || preset == .spiralV1 }

    public var seatCount: Int { players }
    public var actionCount: Int { 2 }
    /// The 6n-1 floats of OpenSpiel's information-state tensor; a match adds 3 (see the card).
    public var observationShape: [Int] { [6 * players - 1 + (isMatch ? 3 : 0)] }
    /// One-hot seat, card and betting history; a match adds fractions (hands played, chips).
    public var observationIsBinary: Bool { !isMatch }
    public var roleNames: [String] {
        let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        return Array(ordinals.prefix(players))
    }
    public var utility: Utility {
        isMatch ? Utility(kind: .zeroSum, min: -1, max: 1) : Utility(kind: .zeroSum, min: -2, max: Double(2 * players - 2))
    }
    public var maxGameLength: Int { (3 * players - 1) * rounds }

    @inlinable
    public func initialState() -> State { State() }

    @inlinable @inline(__always)
    public func currentPlayer(_ state: State) -> CurrentPlayer {
        if state.isOver { return .terminal }
        if Int(state.dealt) < players { return .chance }
        return .seat(seatToAct(state))
    }

    @inlinable @inline(__always)
    public func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        guard !state.isOver, Int(state.dealt) == players else { return actions.removeAll() }
        actions.replaceAll(maxCount: 2) { slots in
            slots[0] = Self.pass
            slots[1] = Self.bet
            return 2
        }
    }

    /// Both actions are legal wherever a seat acts: the mask is written without a list.
    @inlinable @inline(__always)
    public func writeLegalMask(_ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Int>) {
        precondition(mask.count >= 2, "a Kuhn Poker legal mask has 2 entries, the buffer \(mask.count)")
        let legal: UInt8 = !state.isOver && Int(state.dealt) == players ? 1 : 0
        mask[Self.pass] = legal
        mask[Self.bet] = legal
    }

    /// Uniform over the cards not dealt yet in this hand.
    @inlinable
    public func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
        guard !state.isOver, Int(state.dealt) < players else { return }
        let probability = dealProbability(state)
        let dealt = Int(state.dealtMask)
        for card in 0...players where dealt & (1 &<< card) == 0 {
            outcomes.append(ChanceOutcome(card, probability: probability))
        }
    }

    /// `rng.sample` over `chanceOutcomes` without listing them: the uniform draw's index among
    /// the cards not dealt yet (`UniformDraw` gives the index `sample` gives), then the card of
    /// that rank. Both steps are free of branches that depend on the draw.
    @inlinable @inline(__always)
    public func sampleChance(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<ChanceOutcome<Int>>) -> Int {
        precondition(!state.isOver && Int(state.dealt) < players, "no card is dealt here")
        let rank = dealDraw.index(among: players &+ 1 &- Int(state.dealt), rng: &rng)
        return Self.card(ofRank: rank, notIn: state.dealtMask)
    }

    /// The card with `rank` cards below it among those not in `dealt` (bit c for card c):
    /// start at `rank` and step over every dealt card at or below the candidate, lowest first.
    @inlinable @inline(__always)
    static func card(ofRank rank: Int, notIn dealt: UInt16) -> Int {
        var card = rank
        var remaining = dealt
        while remaining != 0 {
            card &+= remaining.trailingZeroBitCount <= card ? 1 : 0
            remaining &= remaining &- 1
        }
        return card
    }

    /// Pass or bet with one draw: the legal actions are always [pass, bet], so the drawn
    /// index is the action.
    @inlinable @inline(__always)
    public func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Int>) -> Int {
        precondition(!state.isOver && Int(state.dealt) == players, "no seat acts here")
        return rng.index(below: 2)
    }

    @inlinable @inline(__always)
    public func apply(_ action: Int, to state: inout State) {
        if state.isOver { Self.refuse("the game is over") }
        if Int(state.dealt) < players {
            if action < 0 || action > players || Int(state.dealtMask) & (1 &<< action) != 0 { Self.refuse("card \(action) cannot be dealt") }
            state.cards |= UInt64(action &+ 1) &<< (4 &* UInt64(state.dealt))
            state.dealtMask |= 1 &<< UInt16(truncatingIfNeeded: action)
            state.dealt &+= 1
            return
        }
        if action != Self.pass && action != Self.bet { Self.refuse("Kuhn actions are 0 (pass) and 1 (bet), got \(action)") }
        state.bets |= UInt32(action) &<< UInt32(state.betCount)
        state.betCount &+= 1
        if isHandOver(state) { finishHand(&state) }
    }

    /// Stops on an illegal action; kept out of line so that `apply` stays small enough to inline.
    @usableFromInline @inline(never)
    static func refuse(_ reason: @autoclosure () -> String) -> Never {
        preconditionFailure(reason())
    }

    @inlinable @inline(__always)
    public func returns(_ state: State, seat: Int) -> Double {
        guard state.isOver else { return 0 }
        if !isMatch {
            return Double(handPayoff(bettors: UInt32(state.handBettors), seat: seat, winner: Int(state.handWinner), pot: Int(state.handPot)))
        }
        // SPIRAL's `_set_round_winner` ends the match in its last hand with
        // `set_winners([winner])`; the chip comparison in `_init_round` is never reached.
        if preset == .spiralV1 { return seat == Int(state.handWinner) ? 1 : -1 }
        let chips = seat == 0 ? state.chips : -state.chips
        return chips > 0 ? 1 : (chips < 0 ? -1 : 0)
    }

    @inlinable
    public func actionIndex(_ action: Int) -> Int { action }

    @inlinable
    public func action(atIndex index: Int) -> Int? { (0...1).contains(index) ? index : nil }

    /// The seat's place in the betting order of the first hand (seat 0 opens it; seat 1
    /// under `spiral_v1`).
    @inlinable @inline(__always)
    public func role(of seat: Int, in state: State) -> Int {
        let first = opener(ofHand: 0)
        return seat >= first ? seat &- first : seat &+ players &- first
    }
}
