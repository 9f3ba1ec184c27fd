// The rules as state transitions: deal, night (every living player in seat order, each by
// its role), dawn, discussion, secret ballot, and the win check after every death.
//
// Who acts, and when phases change, must not depend on hidden roles: every living player
// takes one night turn whatever its role (a villager sleeps), and with `night_tie=random`
// every night ends at a chance node, whether or not the pack's vote is tied.

extension Werewolf {
    // MARK: Queries

    /// The seats holding `role` (hidden information: for the rules, not for seat views).
    func seats(holding role: Role, in state: State) -> SeatSet {
        var seats = SeatSet()
        for seat in 0..<players where self.role(ofSeat: seat, in: state) == role { seats.insert(seat) }
        return seats
    }

    func dealtCount(of role: Role, in state: State) -> Int {
        var count = 0
        for seat in 0..<Int(state.dealt) where self.role(ofSeat: seat, in: state) == role { count += 1 }
        return count
    }

    /// The seats with the most votes in the current night's pack vote or day's ballot
    /// (abstentions do not count). Empty when nobody received a vote.
    func leaders(ofBallotIn state: State) -> SeatSet {
        var counts = SIMD16<UInt8>()
        for event in state.log[Int(state.phaseStart)...] {
            switch event {
            case .packVote(_, let target), .vote(_, let target?): counts[target] &+= 1
            default: break
            }
        }
        let top = counts.max()
        guard top > 0 else { return SeatSet() }
        var leaders = SeatSet()
        for seat in 0..<players where counts[seat] == top { leaders.insert(seat) }
        return leaders
    }

    /// Whether `action` may be played at `state`. A speech act's message must fit the limit.
    func isPlayable(_ action: Action, in state: State) -> Bool {
        switch (state.phase, action.kind) {
        case (.deal, .deal(let role)):
            return dealtCount(of: role, in: state) < count(of: role)
        case (.nightTie, .breakTie(let seat)), (.dayTie, .breakTie(let seat)):
            return leaders(ofBallotIn: state).contains(seat)
        case (.night, _), (.discussion, _), (.vote, _):
            if case .speech = action.kind, action.message.count > messageLimit { return false }
            return isLegal(action.withoutMessage, for: knowledge(of: Int(state.actor), in: state))
        default:
            return false
        }
    }

    // MARK: Transitions

    func deal(_ role: Role, in state: inout State) {
        state.roles |= UInt64(role.rawValue + 1) << (4 * UInt64(state.dealt))
        state.dealt += 1
        if Int(state.dealt) == players {
            state.alive = .all(players)
            beginNight(1, in: &state)
        }
    }

    func breakTie(for seat: Int, in state: inout State) {
        if state.phase == .nightTie {
            settleAttack(on: seat, in: &state)
        } else {
            closeBallot(eliminating: seat, in: &state)
        }
    }

    /// A night action of the acting seat (by its role) or its day vote.
    func act(on target: Int, in state: inout State) {
        let actor = Int(state.actor)
        guard state.phase == .night else { return castVote(target, in: &state) }
        switch role(ofSeat: actor, in: state) {
        case .werewolf?:
            state.log.append(.packVote(werewolf: actor, target: target))
        case .doctor?:
            state.log.append(.protect(doctor: actor, target: target))
        case .seer?:
            let isWerewolf = role(ofSeat: target, in: state) == .werewolf
            state.log.append(.inspect(seer: actor, target: target, isWerewolf: isWerewolf))
        case .villager?, nil:
            preconditionFailure("seat \(actor) has no night action")
        }
        passNightTurn(after: actor, in: &state)
    }

    /// The night turn of a player without a night power: logged for that player alone, so
    /// that its history is complete, and otherwise without effect.
    func sleep(in state: inout State) {
        let actor = Int(state.actor)
        state.log.append(.sleep(seat: actor))
        passNightTurn(after: actor, in: &state)
    }

    func speak(_ act: SpeechAct, message: String, in state: inout State) {
        let speaker = Int(state.actor)
        state.log.append(.speech(speaker: speaker, act: act, message: message))
        if let next = state.alive.first(after: speaker) {
            state.actor = Int8(next)
        } else if Int(state.round) + 1 < discussionRounds {
            state.round += 1
            state.actor = Int8(state.alive.first ?? 0)
        } else {
            openBallot(in: &state)
        }
    }

    func castVote(_ target: Int?, in state: inout State) {
        let voter = Int(state.actor)
        state.log.append(.vote(voter: voter, target: target))
        if let next = state.alive.first(after: voter) {
            state.actor = Int8(next)
            return
        }
        let leaders = leaders(ofBallotIn: state)
        if leaders.count <= 1 {
            closeBallot(eliminating: leaders.first, in: &state)
        } else if dayTieRule == .random {
            state.phase = .dayTie
            state.actor = -1
        } else {
            closeBallot(eliminating: nil, in: &state)
        }
    }

    // MARK: Phases

    func beginNight(_ night: Int, in state: inout State) {
        state.day = UInt8(night)
        state.log.append(.nightBegins(night: night))
        state.phaseStart = Int32(state.log.count)
        state.phase = .night
        state.actor = Int8(state.alive.first ?? 0)
    }

    /// Hands the night to the next living player after `seat`; after the last, settles the
    /// pack's vote.
    func passNightTurn(after seat: Int, in state: inout State) {
        if let next = state.alive.first(after: seat) {
            state.actor = Int8(next)
        } else {
            closePackVote(in: &state)
        }
    }

    /// Settles the pack's vote once every living player has acted. Under the random rule the
    /// night always ends at a chance node (a single outcome when one target leads), so that
    /// the number of steps does not tell whether the pack agreed.
    func closePackVote(in state: inout State) {
        if nightTieRule == .random {
            state.phase = .nightTie
            state.actor = -1
        } else {
            // A game in progress always has a living werewolf, so the pack voted for someone.
            settleAttack(on: leaders(ofBallotIn: state).first ?? 0, in: &state)
        }
    }

    func settleAttack(on target: Int, in state: inout State) {
        state.log.append(.attack(target: target))
        dawn(in: &state)
    }

    func dawn(in state: inout State) {
        var target: Int?
        var protected = SeatSet()
        for event in state.log[Int(state.phaseStart)...] {
            switch event {
            case .attack(let seat): target = seat
            case .protect(_, let seat): protected.insert(seat)
            default: break
            }
        }
        let victim = target.flatMap { protected.contains($0) ? nil : $0 }
        let day = Int(state.day)
        state.log.append(.dawn(day: day, victim: victim, role: revealedRole(of: victim, in: state)))
        if let victim, kill(victim, in: &state) { return }
        state.phase = .discussion
        state.round = 0
        state.actor = Int8(state.alive.first ?? 0)
        if discussionRounds == 0 { openBallot(in: &state) }
    }

    func openBallot(in state: inout State) {
        state.phase = .vote
        state.phaseStart = Int32(state.log.count)
        state.actor = Int8(state.alive.first ?? 0)
    }

    func closeBallot(eliminating eliminated: Int?, in state: inout State) {
        let day = Int(state.day)
        state.log.append(.ballotClosed(day: day, eliminated: eliminated, role: revealedRole(of: eliminated, in: state)))
        if let eliminated, kill(eliminated, in: &state) { return }
        if day >= maxDays {
            end(.draw, in: &state)
        } else {
            beginNight(day + 1, in: &state)
        }
    }

    func revealedRole(of seat: Int?, in state: State) -> Role? {
        guard revealsRoles, let seat else { return nil }
        return role(ofSeat: seat, in: state)
    }

    /// Removes `seat` from the living and checks for a win; true when the game ended.
    func kill(_ seat: Int, in state: inout State) -> Bool {
        state.alive.remove(seat)
        let wolves = seats(holding: .werewolf, in: state).intersection(state.alive).count
        if wolves == 0 {
            end(.villageWins, in: &state)
            return true
        }
        if wolves >= state.alive.count - wolves {
            end(.werewolvesWin, in: &state)
            return true
        }
        return false
    }

    func end(_ outcome: Outcome, in state: inout State) {
        state.outcome = outcome
        state.phase = .over
        state.actor = -1
        state.log.append(.gameOver(outcome))
    }
}
