// Array-returning conveniences for tests, tools and the CLI. Hot loops use the
// caller-owned-storage forms on `Game` instead: these allocate.

extension Game {
    /// The legal actions at `state`, sorted and unique.
    public func legalActions(_ state: State) -> [Action] {
        let actions = makeActionBuffer()
        legalActions(state, into: actions)
        return Array(actions)
    }

    /// The outcomes of the chance node at `state` (empty elsewhere).
    public func chanceOutcomes(_ state: State) -> [ChanceOutcome<Action>] {
        let outcomes = makeChanceBuffer()
        chanceOutcomes(state, into: outcomes)
        return Array(outcomes)
    }

    /// Whether the episode is over at `state`.
    @inlinable
    public func isTerminal(_ state: State) -> Bool {
        currentPlayer(state) == .terminal
    }

    /// The state after `action`.
    public func applying(_ action: Action, to state: State) -> State {
        var next = state
        apply(action, to: &next)
        return next
    }

    /// The returns of every seat at `state`.
    public func returns(_ state: State) -> [Double] {
        (0..<seatCount).map { returns(state, seat: $0) }
    }

    /// Observations hold values other than 0 and 1 unless a game says otherwise.
    public var observationIsBinary: Bool { false }

    /// The number of floats in one observation tensor.
    public var observationSize: Int { observationShape.reduce(1, *) }

    /// `seat`'s observation tensor at `state`.
    public func observation(_ state: State, seat: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: observationSize) { buffer, count in
            writeObservation(state, seat: seat, into: buffer)
            count = observationSize
        }
    }

    /// Lists the chance outcomes of `state` into `scratch` and samples them: the default of the
    /// `Game` requirement, and the reference every override must match.
    @inlinable
    public func sampleChance(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<ChanceOutcome<Action>>) -> Action {
        chanceOutcomes(state, into: scratch)
        return rng.sample(scratch)
    }

    /// Lists the legal actions of `state` into `scratch` and draws one uniformly: the default
    /// of the `Game` requirement, and the reference every override must match.
    @inlinable
    public func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Action>) -> Action {
        legalActions(state, into: scratch)
        return scratch[rng.index(below: scratch.count)]
    }

    /// The default of the `Game` requirement: `playOutStepByStep`.
    @inlinable @inline(__always)
    public func playOutRandomly(
        _ state: inout State, rng: inout EpisodeRNG, legal: ActionBuffer<Action>, outcomes: ActionBuffer<ChanceOutcome<Action>>
    ) -> Int {
        playOutStepByStep(&state, rng: &rng, legal: legal, outcomes: outcomes)
    }

    /// Applies `sampleChance` at chance nodes and `sampleLegalAction` at decisions until
    /// `state` is terminal; returns the decisions made: what `playOutRandomly` is defined as,
    /// and the reference every override of it must match.
    @inlinable @inline(__always)
    public func playOutStepByStep(
        _ state: inout State, rng: inout EpisodeRNG, legal: ActionBuffer<Action>, outcomes: ActionBuffer<ChanceOutcome<Action>>
    ) -> Int {
        var decisions = 0
        while true {
            switch currentPlayer(state) {
            case .terminal:
                return decisions
            case .chance:
                apply(sampleChance(state, rng: &rng, scratch: outcomes), to: &state)
            case .seat:
                apply(sampleLegalAction(state, rng: &rng, scratch: legal), to: &state)
                decisions &+= 1
            }
        }
    }

    /// Writes the legal-action mask of `state` (1 for legal indices, 0 otherwise) into `mask`:
    /// the default of the `Game` requirement, from `legalActions`.
    ///
    /// - Parameters:
    ///   - scratch: caller-owned storage for the legal actions, so the call does not allocate.
    @inlinable
    public func writeLegalMask(
        _ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Action>
    ) {
        mask.initialize(repeating: 0)
        legalActions(state, into: scratch)
        for action in scratch { mask[actionIndex(action)] = 1 }
    }

    /// The legal-action mask over `0..<actionCount`.
    public func legalMask(_ state: State) -> [Bool] {
        var mask = [Bool](repeating: false, count: actionCount)
        for action in legalActions(state) { mask[actionIndex(action)] = true }
        return mask
    }

    /// The tensor face's counterpart of `parseAction`: the legal action with index `index` at
    /// `state`, or the error `Episode.step(index:)` (and so the bridge) gives any other index.
    public func legalAction(atIndex index: Int, in state: State) -> Result<Action, ActionParseError> {
        let legal = legalActions(state)
        if let action = action(atIndex: index), legal.contains(action) { return .success(action) }
        let accepted = legal.map { String(actionIndex($0)) }
        let reason =
            (0..<actionCount).contains(index)
            ? "action \(index) is not legal now"
            : "action \(index) is outside 0..<\(actionCount)"
        return .failure(ActionParseError(reason: reason, accepted: accepted))
    }

    /// The text form of every legal action, in index order.
    public func legalActionTexts(_ state: State) -> [String] {
        legalActions(state).map { actionText($0, in: state) }
    }

    /// The name of the role `seat` holds at `state`.
    public func roleName(of seat: Int, in state: State) -> String {
        roleNames[role(of: seat, in: state)]
    }

    /// Plays `actions` (chance outcomes included) from the initial state, checking each one.
    ///
    /// - Throws: `GameError.badState` naming the first action that is not legal where it is played.
    public func replay(_ actions: [Action]) throws(GameError) -> State {
        var state = initialState()
        for (step, action) in actions.enumerated() {
            let legal: Bool
            switch currentPlayer(state) {
            case .terminal: legal = false
            case .chance: legal = chanceOutcomes(state).contains { $0.action == action }
            case .seat: legal = legalActions(state).contains(action)
            }
            guard legal else {
                throw .badState(game: name, reason: "action \(action) at step \(step) is not legal there")
            }
            apply(action, to: &state)
        }
        return state
    }
}
