import Games

extension Checker {
    /// Every rule of the contract at one state. Leaves the legal actions and chance outcomes
    /// of `state` in `actions` and `outcomes` for the playout to choose from.
    func checkState(_ state: G.State, actions: ActionBuffer<G.Action>, outcomes: ActionBuffer<ChanceOutcome<G.Action>>) {
        log.report.statesChecked += 1
        let player = game.currentPlayer(state)
        game.legalActions(state, into: actions)
        game.chanceOutcomes(state, into: outcomes)
        switch player {
        case .terminal:
            expect(actions.isEmpty, "terminal state has legal actions")
            expect(outcomes.isEmpty, "terminal state has chance outcomes")
            if actions.isEmpty { checkEmptyLegalMask(state) }
            checkTerminalReturns(state)
        case .chance:
            expect(actions.isEmpty, "chance node lists seat actions")
            if actions.isEmpty { checkEmptyLegalMask(state) }
            checkChance(Array(outcomes))
        case .seat(let seat):
            expect((0..<game.seatCount).contains(seat), "acting seat \(seat) outside 0..<\(game.seatCount)")
            expect(outcomes.isEmpty, "decision node lists chance outcomes")
            checkLegalActions(state, Array(actions))
        }
        for seat in 0..<game.seatCount { checkSeatViews(state, seat: seat) }
        checkSerialisation(state)
    }

    /// Where no seat acts, the legal mask is all 0 (every entry written). Called only when the
    /// game lists no legal actions there: a mask written from listed actions may index by them.
    func checkEmptyLegalMask(_ state: G.State) {
        var mask = [UInt8](repeating: 7, count: game.actionCount)
        let scratch = game.makeActionBuffer()
        mask.withUnsafeMutableBufferPointer { game.writeLegalMask(state, into: $0, scratch: scratch) }
        expect(mask.allSatisfy { $0 == 0 }, "no seat acts, but the legal mask is \(mask)")
    }

    func checkLegalActions(_ state: G.State, _ actions: [G.Action]) {
        expect(!actions.isEmpty, "a seat must have a legal action")
        let indices = actions.map(game.actionIndex)
        // The mask is written by index, so it is checked only when every index is in range.
        guard indices.allSatisfy({ (0..<game.actionCount).contains($0) }) else {
            return fail("legal action indices \(indices) outside 0..<\(game.actionCount)")
        }
        expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }, "legal actions must be sorted by index and unique, got \(indices)")
        var mask = [UInt8](repeating: 7, count: game.actionCount)
        let scratch = game.makeActionBuffer()
        mask.withUnsafeMutableBufferPointer { game.writeLegalMask(state, into: $0, scratch: scratch) }
        // Linear, not indices.contains per index: games with thousands of actions check fast.
        var expected = [UInt8](repeating: 0, count: game.actionCount)
        for index in indices { expected[index] = 1 }
        expect(mask == expected, "legal mask \(mask) disagrees with legal actions \(indices)")
        var texts = Set<String>()
        for action in actions {
            let text = game.actionText(action, in: state)
            expect(texts.insert(text).inserted, "two legal actions share the text '\(text)'")
            switch game.parseAction(text, in: state) {
            case .success(let parsed):
                expect(parsed == action, "'\(text)' parses to \(parsed), not \(action)")
            case .failure(let error):
                fail("legal action text '\(text)' does not parse: \(error)")
            }
        }
    }

    func checkChance(_ outcomes: [ChanceOutcome<G.Action>]) {
        expect(!outcomes.isEmpty, "a chance node must list outcomes")
        expect(outcomes.allSatisfy { $0.probability > 0 && $0.probability <= 1 }, "chance probabilities must be in (0, 1]")
        let total = outcomes.reduce(0) { $0 + $1.probability }
        expect(abs(total - 1) < 1e-9, "chance probabilities sum to \(total), not 1")
        expect(Set(outcomes.map(\.action)).count == outcomes.count, "chance outcomes must be unique")
    }

    func checkTerminalReturns(_ state: G.State) {
        let returns = game.returns(state)
        let utility = game.utility
        for (seat, value) in returns.enumerated() {
            expect(
                value.isFinite && value >= utility.min - 1e-9 && value <= utility.max + 1e-9,
                "seat \(seat) return \(value) outside [\(utility.min), \(utility.max)]")
        }
        if utility.kind == .zeroSum {
            let total = returns.reduce(0, +)
            expect(abs(total) < 1e-9, "zero-sum returns \(returns) sum to \(total)")
        }
        if utility.kind == .identical {
            expect(Set(returns).count <= 1, "identical-utility returns differ: \(returns)")
        }
    }

    func checkSeatViews(_ state: G.State, seat: Int) {
        // NaN before the game writes: an entry the game leaves unwritten shows as non-finite.
        var observation = [Float](repeating: .nan, count: game.observationSize)
        observation.withUnsafeMutableBufferPointer { game.writeObservation(state, seat: seat, into: $0) }
        if !observation.allSatisfy({ $0.isFinite }) {
            fail("seat \(seat) observation has a non-finite or unwritten value")
        } else if game.observationIsBinary {
            expect(
                observation.allSatisfy { $0 == 0 || $0 == 1 },
                "seat \(seat) observation has a value other than 0 and 1, but the game says its observations are binary")
        }
        let role = game.role(of: seat, in: state)
        expect((0..<game.roleNames.count).contains(role), "seat \(seat) role \(role) outside 0..<\(game.roleNames.count)")
        expect(!game.observationText(state, seat: seat).isEmpty, "seat \(seat) observation text is empty")
        _ = game.informationState(state, seat: seat)
    }

    func checkSerialisation(_ state: G.State) {
        let text = game.encodeState(state)
        do {
            let decoded = try game.decodeState(text)
            expect(decoded == state, "state '\(text)' does not decode to the same state")
        } catch {
            fail("state '\(text)' does not decode: \(error)")
        }
    }

    /// The shared invalid-move contract through `Episode`: retries are granted, then the
    /// offender forfeits with the policy's returns, and the episode stays over.
    func checkInvalidMovePolicy(seed: UInt64) {
        let policy = InvalidMovePolicy(retries: 1, offenderReturn: -1.5, othersReturn: 0.5)
        var episode = Episode(game, seed: seed, invalidMovePolicy: policy)
        guard case .seat(let offender) = episode.currentPlayer else { return }
        guard case .retry = episode.step(index: game.actionCount) else {
            return fail("invalid move policy: an out-of-range action with a retry left must be .retry")
        }
        guard case .forfeited = episode.step(index: -1) else {
            return fail("invalid move policy: an invalid action with no retry left must forfeit")
        }
        expect(episode.isOver, "invalid move policy: the episode must be over after a forfeit")
        if let teams = game as? any TeamGame {
            // The offender's team shares -1.5, the other seats share +0.5.
            let teamOf = (0..<game.seatCount).map { teams.team(ofRole: game.role(of: $0, in: episode.state)) }
            let offenders = (0..<game.seatCount).filter { teamOf[$0] == teamOf[offender] }
            let offenderTotal = offenders.reduce(0) { $0 + episode.returns(seat: $1) }
            let otherTotal = episode.returns.reduce(0, +) - offenderTotal
            expect(
                abs(offenderTotal + 1.5) < 1e-9 && abs(otherTotal - 0.5) < 1e-9,
                "invalid move policy: team totals \(offenderTotal) and \(otherTotal), expected -1.5 and 0.5")
        } else {
            for seat in 0..<game.seatCount {
                let expected = seat == offender ? -1.5 : 0.5
                expect(
                    episode.returns(seat: seat) == expected,
                    "invalid move policy: seat \(seat) return \(episode.returns(seat: seat)), expected \(expected)")
            }
        }
        if case .played = episode.step(index: 0) { fail("invalid move policy: a finished episode accepted an action") }
    }
}
