// The vocabulary of Werewolf: roles, seat sets, actions, speech acts and the events of the
// game log. Plain values, so states and knowledge copy and compare cheaply.

extension Werewolf {
    /// A hidden role. The raw value is the role's index in `roleNames` (what RAE conditions on).
    public enum Role: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        case werewolf = 0
        case villager = 1
        case seer = 2
        case doctor = 3

        /// The role's name as the text face writes it: `werewolf`, `villager`, `seer`, `doctor`.
        public var name: String {
            switch self {
            case .werewolf: return "werewolf"
            case .villager: return "villager"
            case .seer: return "seer"
            case .doctor: return "doctor"
            }
        }

        /// The plural, as the prompt writes counts: `werewolves`, `villagers`, ...
        public var pluralName: String { self == .werewolf ? "werewolves" : name + "s" }

        /// The team the role plays for.
        public var team: Team { self == .werewolf ? .werewolves : .village }

        public var description: String { name }
    }

    /// The two sides whose rewards cancel.
    public enum Team: Int, CaseIterable, Hashable, Sendable {
        case werewolves = 0
        case village = 1
    }

    /// How a finished game ended.
    public enum Outcome: Int, CaseIterable, Hashable, Sendable {
        /// Every werewolf is dead.
        case villageWins = 0
        /// The living werewolves are at least as many as the other living players.
        case werewolvesWin = 1
        /// The day limit passed with both teams alive.
        case draw = 2

        /// The winning team, or nil for a draw.
        public var winner: Team? {
            switch self {
            case .villageWins: return .village
            case .werewolvesWin: return .werewolves
            case .draw: return nil
            }
        }
    }

    /// A set of seats (at most 16) as a bit mask: no allocation, cheap to copy and compare.
    public struct SeatSet: Hashable, Sendable, Sequence, CustomStringConvertible {
        /// Bit `seat` is set when `seat` is a member.
        public var bits: UInt16

        /// The set with the given bits.
        public init(bits: UInt16 = 0) { self.bits = bits }

        /// The set of the given seats.
        public init<Seats: Sequence>(_ seats: Seats) where Seats.Element == Int {
            bits = 0
            for seat in seats { insert(seat) }
        }

        /// Seats `0..<count`.
        public static func all(_ count: Int) -> SeatSet { SeatSet(bits: UInt16(truncatingIfNeeded: (1 << count) - 1)) }

        /// Whether `seat` is a member.
        public func contains(_ seat: Int) -> Bool { seat >= 0 && seat < 16 && bits & (1 << UInt16(seat)) != 0 }
        /// Adds `seat`.
        public mutating func insert(_ seat: Int) { bits |= 1 << UInt16(seat) }
        /// Removes `seat`.
        public mutating func remove(_ seat: Int) { bits &= ~(1 << UInt16(seat)) }
        /// The number of members.
        public var count: Int { bits.nonzeroBitCount }
        /// Whether the set has no member.
        public var isEmpty: Bool { bits == 0 }
        /// The smallest member, if any.
        public var first: Int? { bits == 0 ? nil : bits.trailingZeroBitCount }
        /// The member with `rank` members below it (the `rank`-th in increasing order, from 0).
        ///
        /// - Precondition: `rank < count`.
        public func member(atRank rank: Int) -> Int {
            precondition(rank >= 0 && rank < count, "rank \(rank) of a set of \(count) seats")
            var rest = bits
            for _ in 0..<rank { rest &= rest &- 1 }
            return rest.trailingZeroBitCount
        }
        /// The smallest member above `seat`, if any.
        public func first(after seat: Int) -> Int? {
            guard seat < 15 else { return nil }
            let above = bits & ~UInt16(truncatingIfNeeded: (1 << (seat + 1)) - 1)
            return above == 0 ? nil : above.trailingZeroBitCount
        }
        /// The members of both sets.
        public func intersection(_ other: SeatSet) -> SeatSet { SeatSet(bits: bits & other.bits) }
        /// The members of this set that are not in `other`.
        public func subtracting(_ other: SeatSet) -> SeatSet { SeatSet(bits: bits & ~other.bits) }
        /// The members of either set.
        public func union(_ other: SeatSet) -> SeatSet { SeatSet(bits: bits | other.bits) }

        /// Iterates the members in increasing order.
        public struct Iterator: IteratorProtocol {
            var remaining: UInt16
            public mutating func next() -> Int? {
                guard remaining != 0 else { return nil }
                let seat = remaining.trailingZeroBitCount
                remaining &= remaining &- 1
                return seat
            }
        }

        public func makeIterator() -> Iterator { Iterator(remaining: bits) }

        public var description: String { "{" + map(String.init).joined(separator: ", ") + "}" }
    }

    /// What a speaker does with one turn of the discussion (the tensor face's speech acts).
    public enum SpeechAct: Hashable, Sendable {
        /// Claims to hold a role (truthfully or not).
        case claim(Role)
        /// Accuses a living player of being a werewolf.
        case accuse(Int)
        /// Vouches for a living player (oneself included).
        case defend(Int)
        /// No act: says nothing, or (text face) only the free-text message.
        case pass
    }

    /// A move of a seat or an outcome of a chance node.
    ///
    /// `legalActions` lists message-free actions, one per tensor index; `actionIndex` ignores
    /// the message. Only speech keeps a message (the text face's free text, broadcast to all).
    public struct Action: Hashable, Sendable, CustomStringConvertible {
        /// What the action does.
        public enum Kind: Hashable, Sendable {
            /// A night action (attack vote, protection, inspection) or a day vote, naming a seat.
            case target(Int)
            /// Abstains in the day vote.
            case abstain
            /// Lets the night pass: the night turn of a player without a night power (a
            /// villager). It changes nothing; it exists so that every living player acts at
            /// night and the order of acting seats tells nothing about roles.
            case sleep
            /// Speaks in the discussion.
            case speech(SpeechAct)
            /// Chance: the next seat in seat order receives this role.
            case deal(Role)
            /// Chance: breaks a tied vote in favour of this seat.
            case breakTie(Int)
        }

        /// What the action does.
        public var kind: Kind
        /// Free text said with a speech act (empty for every other kind).
        public var message: String

        /// Creates an action; `message` is kept only for speech.
        public init(_ kind: Kind, message: String = "") {
            self.kind = kind
            if case .speech = kind { self.message = message } else { self.message = "" }
        }

        /// A night action or day vote naming `seat`.
        public static func target(_ seat: Int) -> Action { Action(.target(seat)) }
        /// Abstaining in the day vote.
        public static var abstain: Action { Action(.abstain) }
        /// The night turn of a player without a night power.
        public static var sleep: Action { Action(.sleep) }
        /// A speech act with an optional free-text message.
        public static func speech(_ act: SpeechAct, _ message: String = "") -> Action { Action(.speech(act), message: message) }
        /// Saying nothing, or only `message`.
        public static func pass(_ message: String = "") -> Action { Action(.speech(.pass), message: message) }

        /// The same action without its message: the one `legalActions` lists.
        public var withoutMessage: Action { Action(kind) }

        public var description: String {
            let base: String
            switch kind {
            case .target(let seat): base = "target(\(seat))"
            case .abstain: base = "abstain"
            case .sleep: base = "sleep"
            case .speech(.claim(let role)): base = "claim(\(role))"
            case .speech(.accuse(let seat)): base = "accuse(\(seat))"
            case .speech(.defend(let seat)): base = "defend(\(seat))"
            case .speech(.pass): base = "pass"
            case .deal(let role): base = "deal(\(role))"
            case .breakTie(let seat): base = "breakTie(\(seat))"
            }
            return message.isEmpty ? base : "\(base) \"\(message)\""
        }
    }

    /// One entry of the game log. Each entry has a fixed audience (see `Knowledge`): public,
    /// the werewolves, or one seat.
    public enum Event: Hashable, Sendable {
        /// Night `night` begins (public).
        case nightBegins(night: Int)
        /// A werewolf's vote for tonight's victim (the werewolves).
        case packVote(werewolf: Int, target: Int)
        /// The pack's victim once its vote (and any tie-break) is settled (the werewolves).
        case attack(target: Int)
        /// A doctor's protection (that doctor).
        case protect(doctor: Int, target: Int)
        /// A seer's inspection and its result (that seer).
        case inspect(seer: Int, target: Int, isWerewolf: Bool)
        /// A player without a night power let the night pass (that player).
        case sleep(seat: Int)
        /// Dawn of day `day`: who died in the night, if anyone, and their role when roles are revealed (public).
        case dawn(day: Int, victim: Int?, role: Role?)
        /// A speech in the discussion (public).
        case speech(speaker: Int, act: SpeechAct, message: String)
        /// A day vote; nil is an abstention (the voter until the ballot closes, then public).
        case vote(voter: Int, target: Int?)
        /// The day's ballot is counted: who was eliminated, and their role when revealed (public).
        case ballotClosed(day: Int, eliminated: Int?, role: Role?)
        /// The game is over (public).
        case gameOver(Outcome)
    }

    /// The public moment of the game: what every seat knows about where play stands.
    ///
    /// Like the voter in the day's ballot, the seat acting at night is left out: every living
    /// player acts at night, in seat order, so it is no secret, and it tells nothing.
    public enum Moment: Hashable, Sendable {
        /// Roles are being dealt.
        case dealing
        /// Night `night`: every living player acts in secret, in seat order.
        case night(Int)
        /// The discussion of day `day`: round `round` (0-based), `speaker`'s turn.
        case discussion(day: Int, round: Int, speaker: Int)
        /// The vote of day `day` (secret until every living player has voted).
        case vote(day: Int)
        /// The game is over.
        case over(Outcome)

        /// Whether the game is under way: dealt and not over.
        public var isInPlay: Bool {
            switch self {
            case .dealing, .over: return false
            case .night, .discussion, .vote: return true
            }
        }
    }
}
