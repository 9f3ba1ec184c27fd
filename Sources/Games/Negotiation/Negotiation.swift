/// SPIRAL's SimpleNegotiation as an exact two-player zero-sum game: the players hold
/// resources they value privately and differently, trade by offers and acceptances for a fixed
/// number of turns, and the one whose inventory value rose more wins.
///
/// The defaults are SPIRAL's `SimpleNegotiation-v1` (Wood and Gold, 10 of each, values 5/15
/// against 15/5, 10 turns). Presets give TextArena's five-resource game and SPIRAL's v2; random
/// starting quantities and values are explicit chance nodes, one per drawn number.
///
/// An offer gives some of one resource for some of another (1 to `maxOffer` of each), so the
/// tensor face has a small fixed action space: pass, accept, deny, then every offer (see
/// `actionIndex(_:)` and the card). Free talk rides along in `Action.message`.
public struct Negotiation: Game {
    /// The most resource kinds a game may have (inventories are stored in `SIMD8` lanes).
    public static let maxResources = 8

    /// A trade proposal: the proposer gives `giveQuantity` of resource `giveResource` and asks
    /// for `receiveQuantity` of resource `receiveResource` (indices into `resourceNames`).
    public struct Offer: Hashable, Sendable {
        /// The resource the proposer gives.
        public var giveResource: Int
        /// How much of it, at least 1.
        public var giveQuantity: Int
        /// The resource the proposer asks for.
        public var receiveResource: Int
        /// How much of it, at least 1.
        public var receiveQuantity: Int

        /// Creates an offer.
        @inlinable
        public init(giveResource: Int, giveQuantity: Int, receiveResource: Int, receiveQuantity: Int) {
            self.giveResource = giveResource
            self.giveQuantity = giveQuantity
            self.receiveResource = receiveResource
            self.receiveQuantity = receiveQuantity
        }

        /// The change of the proposer's inventory if the offer is accepted (the acceptor's is its negation).
        @inlinable
        public var proposerChange: SIMD8<Int32> {
            var change = SIMD8<Int32>()
            change[giveResource] = -Int32(truncatingIfNeeded: giveQuantity)
            change[receiveResource] = Int32(truncatingIfNeeded: receiveQuantity)
            return change
        }
    }

    /// What a seat does on its turn (or what chance draws during setup).
    public enum Move: Hashable, Sendable {
        /// No offer and no answer; any pending offer lapses. Also what talk without a command is.
        case pass
        /// Accept the pending offer: the trade happens at once.
        case accept
        /// Reject the pending offer.
        case deny
        /// Propose a trade; it replaces (and so rejects) any pending offer.
        case offer(Offer)
        /// A chance outcome during setup: the drawn starting quantity or value.
        case chance(Int)
    }

    /// A move with the free talk that came with it.
    ///
    /// The tensor face and `legalActions` use talk-free actions; the parser keeps the whole
    /// reply as `message` when it says anything besides the command, and the other player
    /// sees it. `actionIndex` ignores the message.
    public struct Action: Hashable, Sendable {
        /// The move.
        public var move: Move
        /// The talk, boxed so that a talk-free action (every action the tensor face lists)
        /// holds only a nil reference: legal-action lists are filled and emptied every step,
        /// and with a `String` field destroying them took most of a random playout's time.
        @usableFromInline var talk: TalkBox?

        /// Creates an action.
        @inlinable
        public init(_ move: Move, message: String = "") {
            self.move = move
            talk = message.isEmpty ? nil : TalkBox(message)
        }

        /// The reply as written when it holds talk besides the command; empty otherwise.
        public var message: String {
            get { talk?.text ?? "" }
            set { talk = newValue.isEmpty ? nil : TalkBox(newValue) }
        }

        public static func == (lhs: Action, rhs: Action) -> Bool {
            lhs.move == rhs.move && (lhs.talk === rhs.talk || lhs.message == rhs.message)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(move)
            hasher.combine(message)
        }

        /// Pass without talk.
        public static let pass = Action(.pass)
        /// Accept without talk.
        public static let accept = Action(.accept)
        /// Deny without talk.
        public static let deny = Action(.deny)

        /// An offer without talk.
        @inlinable
        public static func offer(_ offer: Offer) -> Action { Action(.offer(offer)) }
    }

    /// Immutable storage of an action's talk.
    @usableFromInline
    final class TalkBox: Sendable {
        @usableFromInline let text: String

        @usableFromInline
        init(_ text: String) {
            self.text = text
        }
    }

    /// Talk that came with a move, kept because the other player's prompt shows it.
    public struct Talk: Hashable, Sendable {
        /// The turn (0-based) of the move it came with.
        public var turn: Int
        /// The reply as written.
        public var text: String

        @inlinable init(turn: Int, text: String) {
            self.turn = turn
            self.text = text
        }
    }

    /// A position: inventories, values, the pending offer, and the public history.
    ///
    /// Resources live in the lanes `0..<resourceCount` of `SIMD8` vectors, so a state copies
    /// and compares cheaply; the history grows by one move per turn (capacity reserved up front).
    public struct State: Hashable, Sendable {
        @usableFromInline var inventory0 = SIMD8<Int32>()
        @usableFromInline var inventory1 = SIMD8<Int32>()
        @usableFromInline var start0 = SIMD8<Int32>()
        @usableFromInline var start1 = SIMD8<Int32>()
        @usableFromInline var values0 = SIMD8<Int32>()
        @usableFromInline var values1 = SIMD8<Int32>()
        /// Chance draws made so far (setup is over when it reaches the game's setup slot count).
        @usableFromInline var setupDraws = 0
        /// The offer the previous mover made, if its turn was an offer.
        @usableFromInline var pending: Offer?
        /// Every seat move, in order (seat `t % 2` made move `t`).
        @usableFromInline var moves: [Move] = []
        /// The talk of the moves that came with any, in turn order.
        @usableFromInline var talk: [Talk] = []

        @inlinable init() {}

        @inlinable func inventory(_ seat: Int) -> SIMD8<Int32> { seat == 0 ? inventory0 : inventory1 }
        @inlinable func start(_ seat: Int) -> SIMD8<Int32> { seat == 0 ? start0 : start1 }
        @inlinable func values(_ seat: Int) -> SIMD8<Int32> { seat == 0 ? values0 : values1 }

        /// Number of turns played.
        @inlinable public var turnsPlayed: Int { moves.count }
        /// Every seat move so far, in order; seat `t % 2` made move `t`.
        public var history: [Move] { moves }
        /// The talk that came with moves, in turn order.
        public var messages: [Talk] { talk }
        /// The pending offer: made by the previous mover, answerable by the seat to move.
        @inlinable public var pendingOffer: Offer? { pending }
    }

    public static let info = GameInfo(
        name: "negotiation",
        longName: "Negotiation",
        summary: "SPIRAL's SimpleNegotiation: trade privately valued resources by offers; the larger gain in value wins.",
        parameters: parameterSpecs,
        card: negotiationCard,
        version: 2
    )

    public let parameters: GameParameters
    /// The resource names, e.g. `["Wood", "Gold"]`.
    public let resourceNames: [String]
    /// Total turns (both seats together); seat 0 moves on even turns.
    public let turns: Int
    /// The most of one resource an offer may give or ask for.
    public let maxOffer: Int
    /// The preset the parameters started from.
    public let preset: String
    /// Starting quantities: fixed or drawn, per resource (the same rule for both seats).
    @usableFromInline let quantities: [Amount]
    /// Values per seat and resource: fixed or drawn.
    @usableFromInline let values: [[Amount]]
    /// The chance draws of setup, in the order they are made.
    @usableFromInline let setupSlots: [SetupSlot]
    /// The resource names in lowercase UTF-8, for the parser.
    let resourceKeys: [[UInt8]]

    /// Number of resource kinds.
    @inlinable public var resourceCount: Int { resourceNames.count }

    public var seatCount: Int { 2 }
    /// Pass, accept, deny, then one index per offer: 3 + K(K-1)·maxOffer².
    public var actionCount: Int { Self.firstOfferIndex + resourceCount * (resourceCount - 1) * maxOffer * maxOffer }
    /// See `writeObservation`: 6 scalars, then 5 blocks of one float per resource.
    public var observationShape: [Int] { [6 + 5 * resourceCount] }
    public var roleNames: [String] { ["first mover", "second mover"] }
    public var utility: Utility { Utility(kind: .zeroSum, min: -1, max: 1) }
    public var maxGameLength: Int { setupSlots.count + turns }

    @inlinable
    public func initialState() -> State {
        var state = State()
        for resource in 0..<resourceCount {
            if case .fixed(let quantity) = quantities[resource] {
                state.inventory0[resource] = Int32(quantity)
                state.inventory1[resource] = Int32(quantity)
            }
            if case .fixed(let value) = values[0][resource] { state.values0[resource] = Int32(value) }
            if case .fixed(let value) = values[1][resource] { state.values1[resource] = Int32(value) }
        }
        state.start0 = state.inventory0
        state.start1 = state.inventory1
        // One allocation per episode, so that playing a turn never grows the array.
        state.moves.reserveCapacity(turns)
        return state
    }

    @inlinable
    public func currentPlayer(_ state: State) -> CurrentPlayer {
        if state.setupDraws < setupSlots.count { return .chance }
        if state.moves.count >= turns { return .terminal }
        return .seat(state.moves.count & 1)
    }

    @inlinable
    public func legalActions(_ state: State, into actions: ActionBuffer<Action>) {
        actions.removeAll()
        guard case .seat(let seat) = currentPlayer(state) else { return }
        actions.append(.pass)
        if let pending = state.pending {
            if canAccept(pending, seat: seat, in: state) { actions.append(.accept) }
            actions.append(.deny)
        }
        // In index order: given resource, received resource, given quantity, asked quantity.
        let held = state.inventory(seat)
        let count = resourceCount
        for give in 0..<count {
            let most = mostOffered(of: give, held: held)
            guard most > 0 else { continue }
            for receive in 0..<count where receive != give {
                for giveQuantity in 1...most {
                    for receiveQuantity in 1...maxOffer {
                        actions.append(
                            .offer(
                                Offer(
                                    giveResource: give, giveQuantity: giveQuantity,
                                    receiveResource: receive, receiveQuantity: receiveQuantity)))
                    }
                }
            }
        }
    }

    /// The default's draw (the `rng.index(below:)`-th of `legalActions`, in their order) without
    /// listing them: a seat holding a few of each resource has hundreds of offers, and listing
    /// them was most of a random step. The offers come in one block per resource given, of
    /// (resources - 1) x (quantity given) x `maxOffer` offers, so the drawn index is counted
    /// down through the blocks and split into the offer's parts.
    @inlinable
    public func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Action>) -> Action {
        guard case .seat(let seat) = currentPlayer(state) else { preconditionFailure("no seat moves here") }
        let held = state.inventory(seat)
        let count = resourceCount
        // Pass, then (with an offer pending) accept when it can be afforded, and deny.
        let acceptable = state.pending.map { canAccept($0, seat: seat, in: state) }
        var total = 1 + (acceptable == nil ? 0 : (acceptable == true ? 2 : 1))
        for give in 0..<count { total += mostOffered(of: give, held: held) * (count - 1) * maxOffer }
        var index = rng.index(below: total)
        if index == 0 { return .pass }
        index -= 1
        if let acceptable {
            if acceptable {
                if index == 0 { return .accept }
                index -= 1
            }
            if index == 0 { return .deny }
            index -= 1
        }
        for give in 0..<count {
            let most = mostOffered(of: give, held: held)
            let block = most * (count - 1) * maxOffer
            guard index >= block else {
                // Within a block: the received resource (skipping the given one), then the
                // quantity given, then the quantity asked.
                let perResource = most * maxOffer
                let receive = index / perResource
                let rest = index % perResource
                return .offer(
                    Offer(
                        giveResource: give, giveQuantity: rest / maxOffer + 1,
                        receiveResource: receive >= give ? receive + 1 : receive, receiveQuantity: rest % maxOffer + 1))
            }
            index -= block
        }
        preconditionFailure("the drawn index \(index) is past the legal actions")
    }

    /// The mask written straight from the offer blocks, without listing the offers: each
    /// (resource given, resource received) pair's offers that the seat can make are one run of
    /// indices.
    @inlinable
    public func writeLegalMask(_ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Action>) {
        precondition(mask.count >= actionCount, "a legal mask of this game has \(actionCount) entries, the buffer \(mask.count)")
        mask.initialize(repeating: 0)
        guard case .seat(let seat) = currentPlayer(state), let target = mask.baseAddress else { return }
        target[Self.passIndex] = 1
        if let pending = state.pending {
            if canAccept(pending, seat: seat, in: state) { target[Self.acceptIndex] = 1 }
            target[Self.denyIndex] = 1
        }
        let held = state.inventory(seat)
        for give in 0..<resourceCount {
            let most = mostOffered(of: give, held: held)
            for receive in 0..<resourceCount where receive != give && most > 0 {
                // The pair's offers with quantities given 1...most run from its first one.
                let first = actionIndex(
                    .offer(Offer(giveResource: give, giveQuantity: 1, receiveResource: receive, receiveQuantity: 1)))
                (target + first).update(repeating: 1, count: most * maxOffer)
            }
        }
    }

    /// The most of `give` an offer from a seat holding `held` may give (0: none).
    @inlinable
    func mostOffered(of give: Int, held: SIMD8<Int32>) -> Int {
        max(0, min(maxOffer, Int(held[give])))
    }

    /// Uniform over the range of the next setup draw.
    @inlinable
    public func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Action>>) {
        outcomes.removeAll()
        guard state.setupDraws < setupSlots.count else { return }
        let range = setupSlots[state.setupDraws].range
        let probability = 1 / Double(range.count)
        for number in range { outcomes.append(ChanceOutcome(Action(.chance(number)), probability: probability)) }
    }

    @inlinable
    public func apply(_ action: Action, to state: inout State) {
        if state.setupDraws < setupSlots.count {
            guard case .chance(let number) = action.move else {
                preconditionFailure("setup is not over: a chance outcome is expected, got \(action.move)")
            }
            let slot = setupSlots[state.setupDraws]
            precondition(slot.range.contains(number), "chance outcome \(number) is outside \(slot.range)")
            slot.write(Int32(number), into: &state)
            state.setupDraws += 1
            return
        }
        precondition(state.moves.count < turns, "the game is over")
        let seat = state.moves.count & 1
        switch action.move {
        case .pass:
            state.pending = nil
        case .deny:
            precondition(state.pending != nil, "deny needs a pending offer")
            state.pending = nil
        case .accept:
            guard let pending = state.pending, canAccept(pending, seat: seat, in: state) else {
                preconditionFailure("accept needs a pending offer both seats can trade")
            }
            let change = pending.proposerChange
            if seat == 0 {
                state.inventory0 &-= change
                state.inventory1 &+= change
            } else {
                state.inventory1 &-= change
                state.inventory0 &+= change
            }
            state.pending = nil
        case .offer(let offer):
            precondition(isOfferable(offer, by: seat, in: state), "offer \(offer) is not legal for seat \(seat)")
            state.pending = offer
        case .chance:
            preconditionFailure("chance outcomes are only played during setup")
        }
        if let talk = action.talk { state.talk.append(Talk(turn: state.moves.count, text: talk.text)) }
        state.moves.append(action.move)
    }

    /// +1 to the seat whose inventory value (at its own prices) rose more, -1 to the other; 0/0 on equal gains.
    @inlinable
    public func returns(_ state: State, seat: Int) -> Double {
        guard isTerminal(state) else { return 0 }
        let own = gain(of: seat, in: state)
        let other = gain(of: 1 - seat, in: state)
        return own > other ? 1 : (own < other ? -1 : 0)
    }

    /// The seat's role: 0 for the first mover (seat 0), 1 for the second mover.
    @inlinable
    public func role(of seat: Int, in state: State) -> Int { seat }
}

extension Negotiation {
    /// A starting quantity or value: fixed, or drawn uniformly from a range at a chance node.
    @usableFromInline
    enum Amount: Hashable, Sendable {
        /// Always this number.
        case fixed(Int)
        /// Drawn uniformly from the range (both ends included).
        case drawn(ClosedRange<Int>)
    }

    /// One chance draw of setup: a seat's starting quantity or value of one resource.
    @usableFromInline
    struct SetupSlot: Hashable, Sendable {
        @usableFromInline enum Kind: Hashable, Sendable { case quantity, value }
        @usableFromInline var kind: Kind
        @usableFromInline var seat: Int
        @usableFromInline var resource: Int
        @usableFromInline var range: ClosedRange<Int>

        @inlinable
        func write(_ number: Int32, into state: inout State) {
            switch (kind, seat) {
            case (.quantity, 0):
                state.inventory0[resource] = number
                state.start0[resource] = number
            case (.quantity, _):
                state.inventory1[resource] = number
                state.start1[resource] = number
            case (.value, 0): state.values0[resource] = number
            case (.value, _): state.values1[resource] = number
            }
        }
    }
}
