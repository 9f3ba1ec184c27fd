import Games

extension GameVector {
    /// Writes the state frames of a `RESET` or `STEP` reply (docs/protocol.md, State frames).
    ///
    /// Every slot was scanned (`scanSlot`) after the request played it; the reply copies the
    /// per-slot columns and writes the observations straight into the outgoing frame(s).
    func writeState(into reply: inout OutgoingMessage) throws {
        var body = WireStepReply()
        body.vectorID = id
        body.episodesFinished = UInt32(finishedThisRequest)
        reply.header.stepReply = body
        if let stateArrayRefs { try reply.usePresetArrayRefs(stateArrayRefs) }
        if options.packedArrays { try reply.beginPackedArrays(byteCount: packedStateByteCount) }
        let count = batchSize
        let actionCount = game.actionCount
        try reply.addArray("legal_masks", legalMasks.buffer, shape: [count, actionCount])
        try reply.addArray("rewards", rewards.buffer, shape: [count, seatCount])
        try reply.addArray("terminated", terminated.buffer, shape: [count])
        try reply.addArray("truncated", truncated.buffer, shape: [count])
        try reply.addArray("current_seats", currentSeats.buffer, shape: [count])
        try reply.addArray("current_roles", currentRoles.buffer, shape: [count])
        try reply.addArray("invalid", invalid.buffer, shape: [count])
        try reply.addArray("episode_ids", episodeIDs.buffer, shape: [count])
        if options.text {
            try writeText(into: &reply)
        } else {
            try writeObservations(into: &reply)
        }
        if stateArrayRefs == nil { stateArrayRefs = try reply.presetCurrentArrayRefs() }
    }

    /// Fills the slot's legal mask, acting seat and role from its episode: called right after
    /// the slot is stepped (or started), in the same pass over the slots.
    @inline(__always)
    func scanSlot(_ slot: Int) {
        let actionCount = game.actionCount
        let row = UnsafeMutableBufferPointer(start: legalMasks.base + slot &* actionCount, count: actionCount)
        guard stopped[slot] == .live, case .seat(let seat) = currentPlayer(slot) else {
            row.update(repeating: 0)
            currentSeats[slot] = -1
            currentRoles[slot] = -1
            return
        }
        let state = episodes[slot].state
        currentSeats[slot] = Int32(truncatingIfNeeded: seat)
        currentRoles[slot] = Int32(truncatingIfNeeded: game.role(of: seat, in: state))
        game.writeLegalMask(state, into: row, scratch: legal)
    }

    private func writeObservations(into reply: inout OutgoingMessage) throws {
        let size = observationSize
        let shape = (options.observeAllSeats ? [batchSize, seatCount] : [batchSize]) + game.observationShape
        guard options.byteObservations else {
            try reply.addArray("observations", of: Float.self, shape: shape) { buffer in
                forEachObservation { index, state, seat in
                    let start = index &* size
                    game.writeObservation(state, seat: seat, into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start &+ size)]))
                }
            }
            return
        }
        // Bytes: each observation is written as floats into a scratch row, then narrowed (the
        // game's observations are binary, which the vector checked when it was built and the
        // conformance checker holds the game to).
        try withUnsafeTemporaryAllocation(of: Float.self, capacity: size) { row in
            try reply.addArray("observations", of: UInt8.self, shape: shape) { buffer in
                forEachObservation { index, state, seat in
                    game.writeObservation(state, seat: seat, into: row)
                    let start = index &* size
                    for value in 0..<size { buffer[start &+ value] = row[value] != 0 ? 1 : 0 }
                }
            }
        }
    }

    /// Calls `body` with the index of each observation of a state reply, in order, and the
    /// state and seat it shows: every seat of every slot (`observe_all_seats`), else each
    /// slot's acting seat (seat 0 for a slot nobody acts in).
    @inline(__always)
    private func forEachObservation(_ body: (Int, G.State, Int) -> Void) {
        if options.observeAllSeats {
            let seatCount = self.seatCount
            for slot in 0..<batchSize {
                for seat in 0..<seatCount { body(slot &* seatCount &+ seat, episodes[slot].state, seat) }
            }
        } else {
            for slot in 0..<batchSize { body(slot, episodes[slot].state, max(Int(currentSeats[slot]), 0)) }
        }
    }

    private func writeText(into reply: inout OutgoingMessage) throws {
        var legalTexts: [String] = []
        var legalCounts = [Int32](repeating: 0, count: batchSize)
        for slot in 0..<batchSize {
            guard currentSeats[slot] >= 0 else {
                prompts[slot] = ""
                shownActions[slot] = []
                continue
            }
            let face = textCache.face(game, episodes[slot].state, seat: Int(currentSeats[slot]), scratch: legal)
            prompts[slot] = face.prompt
            // The next STEP reads the reply against these, the slot's state being unchanged
            // until then.
            shownActions[slot] = face.legalActions
            for action in face.legalActions { legalTexts.append(action.text) }
            legalCounts[slot] = Int32(face.legalActions.count)
        }
        try reply.addTexts("prompts", prompts)
        try reply.addTexts("legal_actions", legalTexts)
        try reply.addArray("legal_action_counts", legalCounts)
        try reply.addTexts("invalid_reasons", invalidReasons)
    }
}
