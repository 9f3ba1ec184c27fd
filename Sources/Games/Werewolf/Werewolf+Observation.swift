// The tensor face and the information-state string, both written from a seat's knowledge.

extension Werewolf {
    /// Offsets of the observation tensor's blocks for n players (the card lists them).
    struct ObservationLayout: Hashable, Sendable {
        let players: Int
        let seat: Int, role: Int, moment: Int, toAct: Int, day: Int, round: Int, outcome: Int
        let alive: Int, killedAtNight: Int, eliminated: Int, knownWerewolf: Int, knownNonWerewolf: Int
        let revealedRole: Int, claim: Int, accusations: Int, defences: Int, packVotes: Int
        let ownNightTarget: Int, lastBallot: Int, ownOpenVote: Int
        /// 4n^2 + 17n + 15.
        let size: Int

        init(players n: Int) {
            players = n
            var next = 0
            func block(_ size: Int) -> Int {
                defer { next += size }
                return next
            }
            seat = block(n)
            role = block(4)
            moment = block(4)
            toAct = block(1)
            day = block(1)
            round = block(1)
            outcome = block(3)
            alive = block(n)
            killedAtNight = block(n)
            eliminated = block(n)
            knownWerewolf = block(n)
            knownNonWerewolf = block(n)
            revealedRole = block(4 * n)
            claim = block(4 * n)
            accusations = block(n * n)
            defences = block(n * n)
            packVotes = block(n * n)
            ownNightTarget = block(n)
            lastBallot = block(n * (n + 1))
            ownOpenVote = block(n + 1)
            size = next
        }
    }

    /// Writes `seat`'s observation (layout on the card) from its knowledge, in one pass over
    /// the log; allocates nothing.
    public func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer.initialize(repeating: 0)
        let known = knowledge(of: seat, in: state)
        let at = layout
        let n = players
        func clear(_ start: Int, _ count: Int) {
            UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + count)]).initialize(repeating: 0)
        }
        func markTeam(_ target: Int, isWerewolf: Bool) {
            buffer[at.knownWerewolf + target] = isWerewolf ? 1 : 0
            buffer[at.knownNonWerewolf + target] = isWerewolf ? 0 : 1
        }

        buffer[at.seat + seat] = 1
        if let role = known.role {
            buffer[at.role + role.rawValue] = 1
            if role == .werewolf {
                for other in 0..<n { markTeam(other, isWerewolf: known.pack.contains(other)) }
            } else {
                markTeam(seat, isWerewolf: false)
            }
        }
        buffer[at.toAct] = known.isToAct ? 1 : 0
        buffer[at.day] = Float(state.day) / Float(maxDays)
        switch known.moment {
        case .dealing: break
        case .night: buffer[at.moment] = 1
        case .discussion(_, let round, _):
            buffer[at.moment + 1] = 1
            buffer[at.round] = Float(round + 1) / Float(max(discussionRounds, 1))
        case .vote: buffer[at.moment + 2] = 1
        case .over(let outcome):
            buffer[at.moment + 3] = 1
            buffer[at.outcome + outcome.rawValue] = 1
        }
        for living in known.alive { buffer[at.alive + living] = 1 }

        var ballotIsStale = true
        known.forEachEventNotingOpenBallot { event, inOpenBallot in
            switch event {
            case .nightBegins:
                // The pack's votes and one's own night action are shown for the latest night.
                clear(at.packVotes, n * n)
                clear(at.ownNightTarget, n)
            case .packVote(let wolf, let target):
                buffer[at.packVotes + wolf * n + target] = 1
                if wolf == seat { buffer[at.ownNightTarget + target] = 1 }
            case .protect(_, let target):
                buffer[at.ownNightTarget + target] = 1
            case .inspect(_, let target, let isWerewolf):
                buffer[at.ownNightTarget + target] = 1
                markTeam(target, isWerewolf: isWerewolf)
            case .attack, .sleep, .gameOver:
                break
            case .dawn(_, let victim, let role):
                // Speech is shown for the latest day.
                clear(at.accusations, n * n)
                clear(at.defences, n * n)
                if let victim {
                    buffer[at.killedAtNight + victim] = 1
                    if let role {
                        buffer[at.revealedRole + 4 * victim + role.rawValue] = 1
                        markTeam(victim, isWerewolf: role == .werewolf)
                    }
                }
            case .speech(let speaker, let act, _):
                switch act {
                case .claim(let role):
                    clear(at.claim + 4 * speaker, 4)
                    buffer[at.claim + 4 * speaker + role.rawValue] = 1
                case .accuse(let target): buffer[at.accusations + speaker * n + target] = 1
                case .defend(let target): buffer[at.defences + speaker * n + target] = 1
                case .pass: break
                }
            case .vote(let voter, let target):
                let column = target ?? n
                if inOpenBallot {
                    buffer[at.ownOpenVote + column] = 1
                } else {
                    if ballotIsStale {
                        clear(at.lastBallot, n * (n + 1))
                        ballotIsStale = false
                    }
                    buffer[at.lastBallot + voter * (n + 1) + column] = 1
                }
            case .ballotClosed(_, let eliminated, let role):
                ballotIsStale = true
                if let eliminated {
                    buffer[at.eliminated + eliminated] = 1
                    if let role {
                        buffer[at.revealedRole + 4 * eliminated + role.rawValue] = 1
                        markTeam(eliminated, isWerewolf: role == .werewolf)
                    }
                }
            }
        }
    }

    /// A compact string of everything `seat` knows (OpenSpiel's information state): the seat
    /// and role, the visible log, then the moment. Tokens are listed on the card.
    public func informationState(_ state: State, seat: Int) -> String {
        let known = knowledge(of: seat, in: state)
        var parts = ["p\(seat) \(known.role?.name ?? "?")"]
        if known.isWerewolf { parts.append("pack " + known.pack.map(String.init).joined(separator: ",")) }
        known.forEachEvent { event in
            switch event {
            case .nightBegins(let night): parts.append("N\(night)")
            case .packVote(let wolf, let target): parts.append("w\(wolf)>\(target)")
            case .attack(let target): parts.append("k\(target)")
            case .protect(_, let target): parts.append("d>\(target)")
            case .inspect(_, let target, let isWerewolf): parts.append("s>\(target)=\(isWerewolf ? "W" : "v")")
            case .sleep: parts.append("z")
            case .dawn(let day, let victim, let role):
                parts.append("D\(day) " + (victim.map { "+\($0)" } ?? "-") + (role.map { "=\($0.name)" } ?? ""))
            case .speech(let speaker, let act, let message):
                let quoted = message.isEmpty ? "" : " " + QuotedText.quoted(message)
                parts.append("\(speaker):\(speechToken(act))\(quoted)")
            case .vote(let voter, let target): parts.append("v\(voter)>\(target.map(String.init) ?? "-")")
            case .ballotClosed(let day, let eliminated, let role):
                parts.append("B\(day) " + (eliminated.map { "x\($0)" } ?? "-") + (role.map { "=\($0.name)" } ?? ""))
            case .gameOver(let outcome): parts.append("end \(outcomeToken(outcome))")
            }
        }
        parts.append("@" + momentToken(known.moment) + (known.isToAct ? "!" : ""))
        return parts.joined(separator: " | ")
    }

    func speechToken(_ act: SpeechAct) -> String {
        switch act {
        case .claim(let role): return "c=\(role.name)"
        case .accuse(let seat): return "a\(seat)"
        case .defend(let seat): return "f\(seat)"
        case .pass: return "p"
        }
    }

    func outcomeToken(_ outcome: Outcome) -> String {
        switch outcome {
        case .villageWins: return "village"
        case .werewolvesWin: return "werewolves"
        case .draw: return "draw"
        }
    }

    func momentToken(_ moment: Moment) -> String {
        switch moment {
        case .dealing: return "deal"
        case .night(let night): return "N\(night)"
        case .discussion(let day, let round, let speaker): return "D\(day).\(round + 1) s\(speaker)"
        case .vote(let day): return "V\(day)"
        case .over: return "end"
        }
    }
}
