import Games

extension GameVector {
    /// Writes the state frames of a `RESET` or `STEP` reply (docs/protocol.md, State frames).
    func writeState(into reply: inout OutgoingMessage) throws {
        var body = WireStepReply()
        body.vectorID = id
        body.episodesFinished = UInt32(finishedThisRequest)
        reply.header.stepReply = body
        let count = batchSize
        let actionCount = game.actionCount
        legalMasks.withUnsafeMutableBufferPointer { masks in
            _ = masks.update(repeating: 0)
            for slot in 0..<count where stopped[slot] == 0 && !isOver(slot) {
                game.legalActions(episodes[slot].state, into: legal)
                for action in legal { masks[slot &* actionCount &+ game.actionIndex(action)] = 1 }
            }
        }
        try legalMasks.withUnsafeBufferPointer { try reply.addArray("legal_masks", $0, shape: [count, actionCount]) }
        try reply.addArray("rewards", rewards, shape: [count, seatCount])
        try reply.addArray("terminated", terminated)
        try reply.addArray("truncated", truncated)
        var seats = [Int32](repeating: -1, count: count)
        var roles = [Int32](repeating: -1, count: count)
        for slot in 0..<count where stopped[slot] == 0 {
            if case .seat(let seat) = currentPlayer(slot) {
                seats[slot] = Int32(seat)
                roles[slot] = Int32(game.role(of: seat, in: episodes[slot].state))
            }
        }
        try reply.addArray("current_seats", seats)
        try reply.addArray("current_roles", roles)
        try reply.addArray("invalid", invalid)
        try reply.addArray("episode_ids", episodeIDs)
        if options.text {
            try writeText(seats: seats, into: &reply)
        } else {
            try writeObservations(seats: seats, into: &reply)
        }
    }

    private func writeObservations(seats: [Int32], into reply: inout OutgoingMessage) throws {
        let size = game.observationSize
        let count = batchSize
        if options.observeAllSeats {
            let seatCount = self.seatCount
            try reply.addArray("observations", of: Float.self, shape: [count, seatCount] + game.observationShape) { buffer in
                for slot in 0..<count {
                    for seat in 0..<seatCount {
                        let start = (slot &* seatCount &+ seat) &* size
                        game.writeObservation(episodes[slot].state, seat: seat, into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start &+ size)]))
                    }
                }
            }
        } else {
            try reply.addArray("observations", of: Float.self, shape: [count] + game.observationShape) { buffer in
                for slot in 0..<count {
                    let start = slot &* size
                    let seat = max(Int(seats[slot]), 0)
                    game.writeObservation(episodes[slot].state, seat: seat, into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start &+ size)]))
                }
            }
        }
    }

    private func writeText(seats: [Int32], into reply: inout OutgoingMessage) throws {
        var legalTexts: [String] = []
        var legalCounts = [Int32](repeating: 0, count: batchSize)
        for slot in 0..<batchSize {
            guard seats[slot] >= 0 else {
                prompts[slot] = ""
                continue
            }
            let state = episodes[slot].state
            prompts[slot] = textCache.prompt(game, state, seat: Int(seats[slot]))
            let actions = textCache.legalActions(game, state, scratch: legal)
            for action in actions { legalTexts.append(action.text) }
            legalCounts[slot] = Int32(actions.count)
        }
        try reply.addTexts("prompts", prompts)
        try reply.addTexts("legal_actions", legalTexts)
        try reply.addArray("legal_action_counts", legalCounts)
        try reply.addTexts("invalid_reasons", invalidReasons)
    }
}
