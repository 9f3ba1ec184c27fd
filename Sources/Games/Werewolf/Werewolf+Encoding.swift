// States as their history: every action played (deals and tie-breaks included), one token
// each, separated by spaces. The rules are deterministic, so replaying the history rebuilds
// the state exactly, and replaying checks every action on the way.
//
// Tokens: dR deal role R (0 werewolf, 1 villager, 2 seer, 3 doctor), bS tie-break for seat S,
// tS target seat S (night action or vote), z sleep, n abstain, cR claim role R, aS accuse S,
// fS defend S, p pass. A speech's message follows its token as `QuotedText` writes it (double
// quotes, JSON's escapes): a2"I saw it".

extension Werewolf {
    public func encodeState(_ state: State) -> String {
        history(state).map(token).joined(separator: " ")
    }

    public func decodeState(_ text: String) throws(GameError) -> State {
        var state = initialState()
        for (step, action) in try Self.actions(in: text).enumerated() {
            guard isPlayable(action, in: state) else {
                throw .badState(game: name, reason: "action '\(token(action))' at step \(step) is not legal there")
            }
            apply(action, to: &state)
        }
        return state
    }

    /// Every action played so far, chance outcomes included, rebuilt from the log.
    public func history(_ state: State) -> [Action] {
        var actions: [Action] = []
        for seat in 0..<Int(state.dealt) {
            if let role = role(ofSeat: seat, in: state) { actions.append(Action(.deal(role))) }
        }
        var ballot = SIMD16<UInt8>()
        for event in state.log {
            switch event {
            case .packVote(_, let target), .protect(_, let target), .inspect(_, let target, _):
                actions.append(.target(target))
            case .sleep:
                actions.append(.sleep)
            case .attack(let target):
                // Under the random rule every night ends at a chance node.
                if nightTieRule == .random { actions.append(Action(.breakTie(target))) }
            case .speech(_, let act, let message):
                actions.append(.speech(act, message))
            case .vote(_, let target):
                actions.append(target.map { .target($0) } ?? .abstain)
                if let target { ballot[target] &+= 1 }
            case .ballotClosed(_, let eliminated, _):
                let top = ballot.max()
                let tied = (0..<players).filter { ballot[$0] == top }.count
                if let eliminated, top > 0, tied > 1 { actions.append(Action(.breakTie(eliminated))) }
                ballot = SIMD16()
            case .nightBegins, .dawn, .gameOver:
                break
            }
        }
        return actions
    }

    private func token(_ action: Action) -> String {
        switch action.kind {
        case .deal(let role): return "d\(role.rawValue)"
        case .breakTie(let seat): return "b\(seat)"
        case .target(let seat): return "t\(seat)"
        case .abstain: return "n"
        case .sleep: return "z"
        case .speech(let act):
            let head: String
            switch act {
            case .claim(let role): head = "c\(role.rawValue)"
            case .accuse(let seat): head = "a\(seat)"
            case .defend(let seat): head = "f\(seat)"
            case .pass: head = "p"
            }
            return action.message.isEmpty ? head : head + QuotedText.quoted(action.message)
        }
    }

    /// Reads the tokens of `encodeState`.
    static func actions(in text: String) throws(GameError) -> [Action] {
        func bad(_ reason: String) -> GameError { .badState(game: info.name, reason: reason) }
        var actions: [Action] = []
        var characters = Array(text)[...]
        while true {
            while let first = characters.first, first == " " || first.isNewline { characters.removeFirst() }
            guard let code = characters.popFirst() else { return actions }
            var digits = ""
            while let next = characters.first, next.isASCII, next.isNumber {
                digits.append(next)
                characters.removeFirst()
            }
            let number = Int(digits)
            var message = ""
            if characters.first == "\"" {
                characters.removeFirst()
                do {
                    message = try QuotedText.readRest(of: &characters)
                } catch {
                    throw bad("a message: \(error)")
                }
            }
            let kind: Action.Kind
            switch (code, number) {
            case ("d", let raw?):
                guard let role = Role(rawValue: raw) else { throw bad("no role \(raw) in 'd\(raw)'") }
                kind = .deal(role)
            case ("b", let seat?): kind = .breakTie(seat)
            case ("t", let seat?): kind = .target(seat)
            case ("n", nil): kind = .abstain
            case ("z", nil): kind = .sleep
            case ("c", let raw?):
                guard let role = Role(rawValue: raw) else { throw bad("no role \(raw) in 'c\(raw)'") }
                kind = .speech(.claim(role))
            case ("a", let seat?): kind = .speech(.accuse(seat))
            case ("f", let seat?): kind = .speech(.defend(seat))
            case ("p", nil): kind = .speech(.pass)
            default:
                throw bad(
                    "'\(code)\(digits)' is not an action token (dR, bS, tS, z, n, cR, aS, fS, p, each speech optionally followed by a quoted message)"
                )
            }
            if !message.isEmpty {
                guard case .speech = kind else { throw bad("only speech carries a message, not '\(code)\(digits)'") }
            }
            actions.append(Action(kind, message: message))
        }
    }
}
