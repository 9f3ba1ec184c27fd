// Reading replies. Night actions and votes: the last `[N]` or `[Player N]` (any case), or
// `[Abstain]` in the day vote; a night without a night power: `[Sleep]`. Discussion: free text, with at most one speech act taken from
// the last `[Claim: ROLE]`, `[Accuse: N]`, `[Defend: N]` or `[Pass]`; text without one is
// plain speech. Every error says what was wrong and what can be chosen.

extension Werewolf {
    public func parseAction(_ text: String, in state: State) -> Result<Action, ActionParseError> {
        guard case .seat(let seat) = currentPlayer(state) else {
            return .failure(ActionParseError(reason: "no player is to act now", accepted: []))
        }
        let known = knowledge(of: seat, in: state)
        guard let task = task(of: known) else {
            return .failure(ActionParseError(reason: "Player \(seat) has nothing to do now", accepted: []))
        }
        // The accepted texts are built only for an error message: parsing a valid reply stays cheap.
        let result: Result<Action, Rejection>
        switch task {
        case .speak: result = parseSpeech(text, known: known)
        case .attack, .protect, .inspect, .vote: result = parseTarget(text, task: task, known: known)
        case .sleep: result = parseSleep(text)
        }
        return result.mapError { ActionParseError(reason: $0.reason, accepted: legalActionTexts(state)) }
    }

    // MARK: Targets

    private enum TargetWord {
        case seat(Int)
        case abstain
    }

    /// `3`, `player 3`, `Player3` or `abstain`, any case; nil for anything else.
    private func targetWord(_ content: Substring) -> TargetWord? {
        var word = content.normalisedWord()
        if word == "abstain" { return .abstain }
        if word.hasPrefix("player") { word = String(word.dropFirst("player".count)).trimmingWhitespace() }
        return Int(word).map { .seat($0) }
    }

    private func parseTarget(_ text: String, task: Task, known: Knowledge) -> Result<Action, Rejection> {
        func failure(_ reason: String) -> Result<Action, Rejection> { .failure(Rejection(reason)) }
        guard let word = TextCommands.bracketed(text).reversed().lazy.compactMap(targetWord).first else {
            let example = task == .vote ? "[3], [Player 3] or [Abstain]" : "[3] or [Player 3]"
            return failure("no choice found: write a player's number in brackets, e.g. \(example)")
        }
        switch word {
        case .abstain:
            return task == .vote ? .success(.abstain) : failure("[Abstain] is only possible in the day vote; choose a player")
        case .seat(let seat):
            if let problem = targetProblem(seat, task: task, known: known) { return failure(problem) }
            return .success(.target(seat))
        }
    }

    /// `[Sleep]` anywhere in the reply, any case: the only reply of a player without a night power.
    private func parseSleep(_ text: String) -> Result<Action, Rejection> {
        if TextCommands.bracketed(text).contains(where: { $0.normalisedWord() == "sleep" }) { return .success(.sleep) }
        return .failure(Rejection("you have no night action: reply [Sleep] to let the night pass"))
    }

    /// Why `seat` cannot be named for `task`, or nil when it can.
    private func targetProblem(_ seat: Int, task: Task, known: Knowledge) -> String? {
        guard (0..<players).contains(seat) else { return "there is no Player \(seat) (players are 0 to \(players - 1))" }
        guard known.alive.contains(seat) else { return "Player \(seat) is dead" }
        if targets(of: task, for: known).contains(seat) { return nil }
        switch task {
        case .attack: return "Player \(seat) is a werewolf of your pack"
        case .protect: return "a doctor may not protect themselves in this game"
        case .inspect: return "you cannot inspect yourself"
        case .vote: return "you cannot vote for yourself"
        case .speak: return "you cannot accuse yourself"
        case .sleep: return "you have no night action: reply [Sleep]"
        }
    }

    // MARK: Speech

    private func parseSpeech(_ text: String, known: Knowledge) -> Result<Action, Rejection> {
        func failure(_ reason: String) -> Result<Action, Rejection> { .failure(Rejection(reason)) }
        let spoken = Self.singleLine(text)
        // The last bracketed command is the speech act; the rest of the text is the message.
        var act: SpeechAct?
        var message = spoken
        for content in TextCommands.bracketed(spoken).reversed() {
            guard let command = speechCommand(content, known: known) else { continue }
            switch command {
            case .failure(let error): return failure(error.reason)
            case .success(let parsed): act = parsed
            }
            let open = spoken.index(before: content.startIndex)
            let close = spoken.index(after: content.endIndex)
            let before = spoken[..<open].trimmingWhitespace()
            let after = spoken[close...].trimmingWhitespace()
            message = before.isEmpty || after.isEmpty ? before + after : before + " " + after
            break
        }
        if act == nil && message.isEmpty {
            return failure("the reply is empty: write a message, or [Pass] to say nothing")
        }
        if message.count > messageLimit {
            return failure("the message has \(message.count) characters; the limit is \(messageLimit)")
        }
        return .success(.speech(act ?? .pass, message))
    }

    /// The speech act a bracketed command names; nil when the content is not a command
    /// (then it is part of the message); a failure naming the problem when it is one but
    /// cannot be played.
    private func speechCommand(_ content: Substring, known: Knowledge) -> Result<SpeechAct, Rejection>? {
        let word = content.normalisedWord()
        if word == "pass" { return .success(.pass) }
        for keyword in ["claim", "accuse", "defend"] where word.hasPrefix(keyword) {
            var argument = Substring(word.dropFirst(keyword.count))
            guard argument.isEmpty || argument.first == ":" || argument.first == " " else { continue }
            if argument.first == ":" { argument = argument.dropFirst() }
            let value = argument.trimmingWhitespace()
            if keyword == "claim" {
                guard let role = Self.roleNamed(value) else {
                    return .failure(Rejection("unknown role '\(value)' in [\(content)]; roles are werewolf, villager, seer and doctor"))
                }
                return .success(.claim(role))
            }
            var number = value
            if number.hasPrefix("player") { number = String(number.dropFirst("player".count)).trimmingWhitespace() }
            guard let seat = Int(number) else {
                return .failure(Rejection("[\(content)] needs a player's number, e.g. [\(keyword.capitalisedKeyword): 3]"))
            }
            if keyword == "accuse" {
                if let problem = targetProblem(seat, task: .speak, known: known) { return .failure(Rejection(problem)) }
                return .success(.accuse(seat))
            }
            guard (0..<players).contains(seat) else { return .failure(Rejection("there is no Player \(seat) (players are 0 to \(players - 1))")) }
            guard known.alive.contains(seat) else { return .failure(Rejection("Player \(seat) is dead")) }
            return .success(.defend(seat))
        }
        return nil
    }

    /// Why a reply was rejected; becomes an `ActionParseError` with the accepted texts.
    private struct Rejection: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Role names as the text face reads them, with SecretMafia's words as synonyms.
    static func roleNamed(_ word: String) -> Role? {
        switch word {
        case "werewolf", "wolf", "mafia": return .werewolf
        case "villager": return .villager
        case "seer", "detective": return .seer
        case "doctor": return .doctor
        default: return nil
        }
    }

    /// The text on one line, trimmed: line breaks and tabs become spaces, so a message cannot
    /// start a line of its own in other players' prompts (no forged `[GAME]` lines).
    static func singleLine(_ text: String) -> String {
        var result = ""
        for character in text {
            result.append(character.isNewline || character == "\t" ? " " : character)
        }
        return result.trimmingWhitespace()
    }
}

extension String {
    fileprivate var capitalisedKeyword: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
