import Games
import Testing

// Invariants every game should keep along any legal play, ready to call from a property
// test. Each failure is an issue at the caller's line naming the step that broke it; a
// property test then shrinks the play to a short one that still breaks it. Each returns
// whether the invariant held, for tests that also want to know.

extension LegalPlay {
    /// Expects the returns so far to sum to zero at every state of the play, when the game
    /// declares zero-sum utility (nothing is checked otherwise).
    @discardableResult
    public func expectZeroSumReturns(tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard game.utility.kind == .zeroSum else { return true }
        for (step, state) in states.enumerated() {
            let returns = game.returns(state)
            let total = returns.reduce(0, +)
            if abs(total) > tolerance {
                return fail("returns \(returns) sum to \(total)", step: step, at: sourceLocation)
            }
        }
        return true
    }

    /// Expects every state of the play to survive `encodeState` then `decodeState` unchanged.
    @discardableResult
    public func expectStatesRoundTrip(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        for (step, state) in states.enumerated() {
            let text = game.encodeState(state)
            do {
                let decoded = try game.decodeState(text)
                if decoded != state { return fail("'\(text)' decodes to a different state", step: step, at: sourceLocation) }
            } catch {
                return fail("'\(text)' does not decode: \(error)", step: step, at: sourceLocation)
            }
        }
        return true
    }

    /// Expects the tensor and text faces to agree at every seat's turn of the play: the legal
    /// mask is 1 exactly at the legal actions' indices, their action strings are distinct,
    /// and each string parses back to its action's index.
    @discardableResult
    public func expectFacesAgree(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        for (step, state) in states.enumerated() {
            guard case .seat = game.currentPlayer(state) else { continue }
            let legal = game.legalActions(state)
            let indices = Set(legal.map(game.actionIndex))
            var mask = [UInt8](repeating: 0, count: game.actionCount)
            mask.withUnsafeMutableBufferPointer { game.writeLegalMask(state, into: $0, scratch: game.makeActionBuffer()) }
            let maskIndices = Set(mask.indices.filter { mask[$0] != 0 })
            if maskIndices != indices {
                return fail("the legal mask marks \(maskIndices.sorted()), the legal actions are \(indices.sorted())", step: step, at: sourceLocation)
            }
            var seen = Set<String>()
            for action in legal {
                let text = game.actionText(action, in: state)
                if !seen.insert(text).inserted {
                    return fail("two legal actions are written '\(text)'", step: step, at: sourceLocation)
                }
                switch game.parseAction(text, in: state) {
                case .success(let parsed) where game.actionIndex(parsed) == game.actionIndex(action):
                    continue
                case .success(let parsed):
                    return fail(
                        "'\(text)' (index \(game.actionIndex(action))) parses to index \(game.actionIndex(parsed))", step: step, at: sourceLocation)
                case .failure(let error):
                    return fail("'\(text)' (index \(game.actionIndex(action))) does not parse: \(error)", step: step, at: sourceLocation)
                }
            }
        }
        return true
    }

    /// Expects the play to end within `maxGameLength` actions (a play stops one action past
    /// it, so a game that never ends is caught).
    @discardableResult
    public func expectWithinMaxLength(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard actions.count > game.maxGameLength else { return true }
        return fail("the episode is longer than maxGameLength \(game.maxGameLength)", step: actions.count, at: sourceLocation)
    }

    /// Records an issue naming the step (the state after `step` actions) and the moves to it;
    /// false, for the invariant that failed to return.
    func fail(_ message: String, step: Int, at sourceLocation: SourceLocation) -> Bool {
        let moves = step == 0 ? "at the initial state" : "after \(moveTexts.prefix(step).joined(separator: " "))"
        Issue.record("\(game.description) \(moves): \(message)", sourceLocation: sourceLocation)
        return false
    }
}
