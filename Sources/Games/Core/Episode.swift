/// One episode of a game with the contract every game shares, written once: chance nodes
/// sampled from the episode's own RNG, invalid moves handled by an `InvalidMovePolicy`,
/// finished episodes staying finished.
///
/// Engines that only play legal actions may drive `Game` directly; anything that takes
/// actions from outside (a person, an LLM, a remote trainer) goes through `Episode`.
public struct Episode<G: Game>: Sendable {
    /// What `step` did with a submitted action.
    public enum StepResult: Sendable {
        /// The action was played.
        case played(G.Action)
        /// The action was invalid; the same seat may try again.
        case retry(ActionParseError)
        /// The action was invalid and the seat had no retries left: the episode is over.
        case forfeited(ActionParseError)
    }

    /// Who lost the episode by an invalid move, and why.
    public struct Forfeit: Hashable, Sendable {
        /// The seat that made the last invalid move.
        public var seat: Int
        /// What was wrong with it.
        public var error: ActionParseError
    }

    /// The game being played.
    public let game: G
    /// What happens on invalid moves.
    public let invalidMovePolicy: InvalidMovePolicy
    /// The position (unchanged by a forfeit, so it shows where the game stopped).
    @inlinable public var state: G.State { _read { yield storedState } }
    /// The episode's own random number generator (chance nodes, nothing else).
    @inlinable public var rng: EpisodeRNG { storedRNG }

    // What stepping writes, behind read-only public views: `@usableFromInline` so that
    // `play` can be `@inlinable` and specialised where the game is known (the bridge),
    // without cross-module optimisation.
    @usableFromInline var storedState: G.State
    @usableFromInline var storedRNG: EpisodeRNG
    @usableFromInline var storedInvalidAttempts = 0
    @usableFromInline var storedLength = 0
    /// Set when a seat forfeited by invalid moves.
    public private(set) var forfeit: Forfeit? {
        didSet { isForfeited = forfeit != nil }
    }
    /// Whether a seat forfeited: `forfeit != nil`, kept as a plain flag because testing the
    /// optional copies the forfeit's error (reference counting on every read), and engines
    /// ask on every turn of every slot.
    public private(set) var isForfeited = false
    /// Invalid replies the acting seat has made on the current turn.
    @inlinable public var invalidAttemptsThisTurn: Int { storedInvalidAttempts }
    /// Every invalid reply in the episode, per seat.
    public private(set) var invalidMoveCounts: [Int]
    /// Number of actions played so far, chance outcomes included.
    @inlinable public var length: Int { storedLength }

    /// Starts an episode and plays chance nodes up to the first decision.
    ///
    /// - Parameters:
    ///   - seed: the run seed; with `index`, it fixes every chance outcome of the episode.
    ///   - index: the episode's index in its run.
    public init(_ game: G, seed: UInt64, index: UInt64 = 0, invalidMovePolicy: InvalidMovePolicy = .zeroSum) {
        self.game = game
        self.invalidMovePolicy = invalidMovePolicy
        self.storedState = game.initialState()
        self.storedRNG = EpisodeRNG(seed: seed, episode: index)
        self.invalidMoveCounts = Array(repeating: 0, count: game.seatCount)
        resolveChance()
    }

    /// Starts the next episode in place: the same episode as
    /// `Episode(game, seed: seed, index: index, invalidMovePolicy: invalidMovePolicy)` with this
    /// episode's game and policy, but without allocating.
    ///
    /// For engines that keep one live episode per slot and start thousands per second
    /// (`games serve`): building a fresh `Episode` allocates its invalid-move counts.
    ///
    /// - Parameters:
    ///   - seed: the run seed; with `index`, it fixes every chance outcome of the episode.
    ///   - index: the episode's index in its run.
    public mutating func restart(seed: UInt64, index: UInt64) {
        storedState = game.initialState()
        storedRNG = EpisodeRNG(seed: seed, episode: index)
        if isForfeited { forfeit = nil }
        storedInvalidAttempts = 0
        for seat in invalidMoveCounts.indices where invalidMoveCounts[seat] != 0 { invalidMoveCounts[seat] = 0 }
        storedLength = 0
        resolveChance()
    }

    /// Who acts now; terminal after a forfeit.
    @inlinable
    public var currentPlayer: CurrentPlayer {
        isForfeited ? .terminal : game.currentPlayer(state)
    }

    /// Whether the episode is over.
    @inlinable
    public var isOver: Bool { currentPlayer == .terminal }

    /// `seat`'s return: the game's, or the invalid-move policy's after a forfeit.
    ///
    /// In a `TeamGame` the offender's whole team forfeits: its members share the offender's
    /// return and the other seats share the others' (so Werewolf's team totals stay +-1).
    @inlinable
    public func returns(seat: Int) -> Double {
        guard let forfeit else { return game.returns(state, seat: seat) }
        if let teams = game as? any TeamGame {
            let teamOf = (0..<game.seatCount).map { teams.team(ofRole: game.role(of: $0, in: state)) }
            let offenders = teamOf.filter { $0 == teamOf[forfeit.seat] }.count
            let others = game.seatCount - offenders
            if teamOf[seat] == teamOf[forfeit.seat] { return invalidMovePolicy.offenderReturn / Double(offenders) }
            return (invalidMovePolicy.othersReturn ?? -invalidMovePolicy.offenderReturn) / Double(max(others, 1))
        }
        return invalidMovePolicy.forfeitReturn(seat: seat, offender: forfeit.seat, seatCount: game.seatCount)
    }

    /// Every seat's return.
    public var returns: [Double] { (0..<game.seatCount).map { returns(seat: $0) } }

    /// Plays the acting seat's reply in text form.
    public mutating func step(text: String) -> StepResult {
        guard case .seat = currentPlayer else { return .forfeited(notAwaitingError()) }
        switch game.parseAction(text, in: state) {
        case .success(let action): return play(action)
        case .failure(let error): return reject(error)
        }
    }

    /// Plays the acting seat's action given by its index in the tensor face.
    public mutating func step(index: Int) -> StepResult {
        guard case .seat = currentPlayer else { return .forfeited(notAwaitingError()) }
        switch game.legalAction(atIndex: index, in: state) {
        case .success(let action): return play(action)
        case .failure(let error): return reject(error)
        }
    }

    /// Plays a legal action of the acting seat.
    ///
    /// - Precondition: the episode waits on a seat and `action` is legal.
    @inlinable
    public mutating func play(_ action: G.Action) -> StepResult {
        game.apply(action, to: &storedState)
        storedLength += 1
        storedInvalidAttempts = 0
        resolveChance()
        return .played(action)
    }

    /// Counts an invalid reply that the caller found wrong before the game's parser saw it
    /// (e.g. no `\boxed{}` answer where one is required), with the same consequences as an
    /// unparsable reply: a retry while the policy allows one, then a forfeit.
    ///
    /// - Parameter error: why the reply was refused and what is accepted.
    /// - Returns: `.retry` or `.forfeited`; `.forfeited` at once when no seat is acting.
    public mutating func reject(_ error: ActionParseError) -> StepResult {
        guard case .seat(let seat) = currentPlayer else { return .forfeited(error) }
        invalidMoveCounts[seat] += 1
        storedInvalidAttempts += 1
        if storedInvalidAttempts > invalidMovePolicy.retries {
            forfeit = Forfeit(seat: seat, error: error)
            return .forfeited(error)
        }
        return .retry(error)
    }

    private func notAwaitingError() -> ActionParseError {
        ActionParseError(reason: "the episode is over; no action is expected", accepted: [])
    }

    /// Samples chance nodes with the episode's RNG until a seat acts or the episode ends.
    @inlinable
    mutating func resolveChance() {
        // Most moves reach no chance node: make the outcome buffer only when one is there.
        guard game.currentPlayer(state) == .chance else { return }
        let outcomes = game.makeChanceBuffer()
        while game.currentPlayer(state) == .chance {
            game.apply(game.sampleChance(storedState, rng: &storedRNG, scratch: outcomes), to: &storedState)
            storedLength += 1
        }
    }
}
