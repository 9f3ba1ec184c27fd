import Games

extension GameVector {
    /// Plays the slot's tensor-mode action index.
    ///
    /// Inlined into the loop over slots, with the rare paths (invalid actions, recording,
    /// episode ends) in functions of their own: calls per slot cost as much as the game step.
    @inline(__always)
    func stepTensor(_ slot: Int, index: Int) {
        guard case .seat(let seat) = currentPlayer(slot) else { return settle(slot) }
        if collector != nil {
            playRecorded(slot, seat: seat, index: index)
        } else if let action = legalAction(slot, index: index) {
            _ = episodes[slot].play(action)
        } else {
            playInvalid(slot, index: index, row: -1)
        }
        turns[slot] &+= 1
        if opponent != nil { playOpponent(slot) }
        settle(slot)
    }

    /// The action of a tensor-mode index when it is legal in the slot (by the last reply's mask).
    @inline(__always)
    func legalAction(_ slot: Int, index: Int) -> G.Action? {
        let actionCount = game.actionCount
        guard index >= 0, index < actionCount, legalMasks[slot &* actionCount &+ index] == 1 else { return nil }
        return game.action(atIndex: index)
    }

    /// Records and plays a tensor-mode turn of a vector with trajectories: the recording is
    /// looked up once for the whole turn.
    @inline(never)
    func playRecorded(_ slot: Int, seat: Int, index: Int) {
        recordings.with(slot) { recording in
            let row = recording.turnCount
            let state = episodes[slot].state
            recording.addTurn(
                seat: seat, role: game.role(of: seat, in: state), action: -1, invalid: false, returnNow: returnOf(slot, seat: seat))
            game.writeObservation(state, seat: seat, into: recording.observations.appendUninitialized(observationSize))
            if recordsActionTexts { recording.appendEmptyActionText() }
            if let action = legalAction(slot, index: index) {
                if recordsActionTexts { recording.setActionText(game.actionText(action, in: state), at: row) }
                _ = episodes[slot].play(action)
                recording.actions[row] = Int32(truncatingIfNeeded: index)
            } else {
                playInvalid(slot, index: index, row: row)
            }
        }
    }

    /// Applies the invalid-move policy to an index that is not legal (or not an action).
    @inline(never)
    func playInvalid(_ slot: Int, index: Int, row: Int) {
        switch episodes[slot].step(index: index) {
        case .retry(let error), .forfeited(let error): setInvalidReason(slot, error.description)
        case .played: break  // cannot happen: the index is not legal
        }
        markInvalid(slot, row: row)
    }
}
